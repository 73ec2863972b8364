using System.Text.RegularExpressions;

namespace MultusConfig.Deploy.Tests.Helm;

/// <summary>
/// Parses the constructs the chart is allowed to use: value substitution, <c>if</c>/<c>else</c>, <c>with</c>,
/// <c>define</c> (named templates), comments and the functions <c>toYaml</c>, <c>nindent</c>, <c>quote</c> and
/// <c>include</c>. Anything else (range, else if, other functions, variables, parentheses) is refused, so
/// the chart stays renderable by this test and by Helm alike.
/// </summary>
internal static partial class TemplateParser
{
    public static readonly string[] Functions = ["toYaml", "nindent", "quote", "include", "fail"];

    public static (List<TemplateNode> Body, Dictionary<string, List<TemplateNode>> Defines) Parse(string text, string file)
    {
        var tokens = Tokenize(text, file);
        var defines = new Dictionary<string, List<TemplateNode>>(StringComparer.Ordinal);
        var position = 0;
        var body = ParseBlock(tokens, ref position, defines, file, out var end);
        if (end is not null) throw Refuse(file, $"unexpected {{{{ {end} }}}}");
        return (body, defines);
    }

    private static List<TemplateNode> ParseBlock(List<(bool IsAction, string Text)> tokens, ref int position, Dictionary<string, List<TemplateNode>> defines, string file, out string? end)
    {
        var nodes = new List<TemplateNode>();
        while (position < tokens.Count)
        {
            var (isAction, text) = tokens[position++];
            if (!isAction)
            {
                nodes.Add(new TextNode(text));
                continue;
            }
            if (text.StartsWith("/*", StringComparison.Ordinal) && text.EndsWith("*/", StringComparison.Ordinal)) continue;
            var keyword = text.Split(' ', 2)[0];
            var rest = text.Length > keyword.Length ? text[(keyword.Length + 1)..].Trim() : "";
            switch (keyword)
            {
                case "end" or "else" when rest.Length == 0:
                    end = keyword;
                    return nodes;
                case "if":
                {
                    var then = ParseBlock(tokens, ref position, defines, file, out var e);
                    var otherwise = e == "else" ? ParseBlock(tokens, ref position, defines, file, out e) : [];
                    if (e != "end") throw Refuse(file, "if without end");
                    nodes.Add(new IfNode(Pipeline(rest, file), then, otherwise));
                    break;
                }
                case "with":
                {
                    var body = ParseBlock(tokens, ref position, defines, file, out var e);
                    if (e != "end") throw Refuse(file, "with without end (with/else is not allowed)");
                    nodes.Add(new WithNode(Pipeline(rest, file), body));
                    break;
                }
                case "define":
                {
                    var body = ParseBlock(tokens, ref position, defines, file, out var e);
                    if (e != "end") throw Refuse(file, "define without end");
                    defines[Unquote(rest, file)] = body;
                    break;
                }
                default:
                    nodes.Add(new OutputNode(Pipeline(text, file)));
                    break;
            }
        }
        end = null;
        return nodes;
    }

    private static List<Command> Pipeline(string text, string file)
    {
        if (text.Length == 0) throw Refuse(file, "empty action");
        var commands = new List<Command>();
        foreach (var part in text.Split('|'))
        {
            var words = Words().Matches(part.Trim()).Select(m => m.Value).ToList();
            if (words.Count == 0) throw Refuse(file, $"empty command in '{text}'");
            if (words[0].StartsWith('.') || words[0].StartsWith('"'))
            {
                if (words.Count != 1 || commands.Count > 0) throw Refuse(file, $"'{part.Trim()}' is not a function call");
                commands.Add(new Command(null, words));
            }
            else if (Functions.Contains(words[0]))
            {
                commands.Add(new Command(words[0], words[1..]));
            }
            else
            {
                throw Refuse(file, $"'{words[0]}' is not one of the allowed constructs ({string.Join(", ", Functions)}, if, with, define)");
            }
        }
        foreach (var operand in commands.SelectMany(c => c.Operands))
            if (!OperandPattern().IsMatch(operand)) throw Refuse(file, $"operand '{operand}' is not a field path, string or integer");
        return commands;
    }

    private static List<(bool IsAction, string Text)> Tokenize(string text, string file)
    {
        var tokens = new List<(bool, string)>();
        var i = 0;
        var trimNext = false;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            var literal = open < 0 ? text[i..] : text[i..open];
            if (trimNext) literal = literal.TrimStart();
            if (open < 0)
            {
                tokens.Add((false, literal));
                break;
            }
            var close = text.IndexOf("}}", open, StringComparison.Ordinal);
            if (close < 0) throw Refuse(file, "unclosed {{");
            var action = text[(open + 2)..close];
            if (action.StartsWith('-')) literal = literal.TrimEnd();
            trimNext = action.EndsWith('-');
            tokens.Add((false, literal));
            tokens.Add((true, action.Trim('-').Trim()));
            i = close + 2;
        }
        return tokens;
    }

    internal static string Unquote(string operand, string file) =>
        operand.Length >= 2 && operand[0] == '"' && operand[^1] == '"' ? operand[1..^1] : throw Refuse(file, $"{operand} is not a string");

    internal static NotSupportedException Refuse(string file, string why) => new($"{file}: {why}");

    [GeneratedRegex("\"[^\"]*\"|\\S+")]
    private static partial Regex Words();

    [GeneratedRegex("^(\\.|(\\.[A-Za-z_][A-Za-z0-9_]*)+|\"[^\"]*\"|[0-9]+)$")]
    private static partial Regex OperandPattern();
}
