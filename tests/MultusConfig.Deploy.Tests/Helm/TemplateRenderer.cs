using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultusConfig.Deploy.Tests.Helm;

/// <summary>Evaluates the parsed templates as Helm would, for the allowed subset only.</summary>
internal sealed class TemplateRenderer(Dictionary<string, List<TemplateNode>> defines, string file)
{
    public string Render(IReadOnlyList<TemplateNode> nodes, JsonNode? dot)
    {
        var output = new StringBuilder();
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode t: output.Append(t.Text); break;
                case OutputNode o: output.Append(Print(Evaluate(o.Pipeline, dot))); break;
                case IfNode i: output.Append(Render(Truthy(Evaluate(i.Condition, dot)) ? i.Then : i.Else, dot)); break;
                case WithNode w:
                    var value = Evaluate(w.Value, dot);
                    if (Truthy(value)) output.Append(Render(w.Body, value as JsonNode));
                    break;
            }
        }
        return output.ToString();
    }

    private object? Evaluate(IReadOnlyList<Command> pipeline, JsonNode? dot)
    {
        object? result = null;
        for (var i = 0; i < pipeline.Count; i++)
        {
            var c = pipeline[i];
            var args = c.Operands.Select(o => Operand(o, dot)).ToList();
            if (i > 0) args.Add(result);
            result = c.Function switch
            {
                null => args.Single(),
                "toYaml" when args.Count == 1 => YamlWriter.Write(args[0] as JsonNode),
                "nindent" when args.Count == 2 && args[0] is int n => "\n" + string.Join('\n', Print(args[1]).Split('\n').Select(l => new string(' ', n) + l)),
                "quote" when args.Count == 1 => JsonSerializer.Serialize(Print(args[0])),
                "include" when args.Count == 2 && args[0] is string name =>
                    Render(defines.TryGetValue(name, out var body) ? body : throw TemplateParser.Refuse(file, $"no template named {name}"), args[1] as JsonNode),
                // Helm's fail: rendering stops with the chart's message (helm prints "execution error at (FILE...): MESSAGE").
                "fail" when args.Count == 1 && args[0] is string message => throw new InvalidOperationException($"execution error at ({file}): {message}"),
                _ => throw TemplateParser.Refuse(file, $"{c.Function} called with {args.Count} arguments of the wrong kind"),
            };
        }
        return result;
    }

    private object? Operand(string operand, JsonNode? dot)
    {
        if (operand.StartsWith('"')) return TemplateParser.Unquote(operand, file);
        if (char.IsAsciiDigit(operand[0])) return int.Parse(operand, CultureInfo.InvariantCulture);
        var node = dot;
        foreach (var field in operand.Split('.', StringSplitOptions.RemoveEmptyEntries)) node = (node as JsonObject)?[field];
        return node;
    }

    private string Print(object? value) => value switch
    {
        null => "",
        string s => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => throw TemplateParser.Refuse(file, "a map or list printed without toYaml"),
    };

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        string s => s.Length > 0,
        int n => n != 0,
        JsonObject o => o.Count > 0,
        JsonArray a => a.Count > 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.Number => v.ToJsonString() != "0",
            _ => true,
        },
        _ => true,
    };
}
