using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>A label selector from a query string (<c>a=b,c!=d,e in (x,y),!f</c>) or a LabelSelector object.</summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(r => r(labels));

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var raw in SplitTopLevel(text))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }
            var setOp = System.Text.RegularExpressions.Regex.Match(term, @"^(\S+)\s+(in|notin)\s*\((.*)\)$");
            if (setOp.Success)
            {
                var key = setOp.Groups[1].Value;
                var values = setOp.Groups[3].Value.Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                selector.Add(setOp.Groups[2].Value == "in" ? "In" : "NotIn", key, values);
            }
            else if (term.Contains("!=", StringComparison.Ordinal))
            {
                var parts = term.Split("!=", 2);
                selector.Add("NotIn", parts[0].Trim(), [parts[1].Trim()]);
            }
            else if (term.Contains('=', StringComparison.Ordinal))
            {
                var parts = term.Split('=', 2);
                selector.Add("In", parts[0].Trim(), [parts[1].TrimStart('=').Trim()]);
            }
            else if (term.StartsWith('!'))
            {
                selector.Add("DoesNotExist", term[1..].Trim(), []);
            }
            else
            {
                selector.Add("Exists", term, []);
            }
        }
        return selector;
    }

    /// <summary>A metav1.LabelSelector object; null or {} selects everything.</summary>
    public static LabelSelector FromObject(JsonNode? node)
    {
        var selector = new LabelSelector();
        if (node is not JsonObject o)
        {
            return selector;
        }
        foreach (var (k, v) in ObjectMeta.StringMap(o["matchLabels"]))
        {
            selector.Add("In", k, [v]);
        }
        if (o["matchExpressions"] is JsonArray exprs)
        {
            foreach (var e in exprs.OfType<JsonObject>())
            {
                var values = e["values"] is JsonArray a ? a.Select(ObjectMeta.Str).OfType<string>().ToHashSet(StringComparer.Ordinal) : [];
                selector.Add(ObjectMeta.Str(e["operator"]) ?? "In", ObjectMeta.Str(e["key"]) ?? "", values);
            }
        }
        return selector;
    }

    private void Add(string op, string key, HashSet<string> values) => _requirements.Add(op switch
    {
        "In" => labels => labels.TryGetValue(key, out var v) && values.Contains(v),
        "NotIn" => labels => !labels.TryGetValue(key, out var v) || !values.Contains(v),
        "Exists" => labels => labels.ContainsKey(key),
        "DoesNotExist" => labels => !labels.ContainsKey(key),
        _ => throw ApiException.BadRequest($"unable to parse requirement: operator {op} is not supported"),
    });

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
