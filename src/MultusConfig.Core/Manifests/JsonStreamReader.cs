using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MultusConfig.Core.Manifests;

/// <summary>
/// Reads a JSON text holding one or more values (as <c>kubectl</c> accepts) into JSON trees, rejecting
/// what encoding/json would also reject or silently lose: duplicate member names, numbers outside the
/// range of a double, and escapes that are not valid Unicode.
/// </summary>
internal sealed partial class JsonStreamReader
{
    private readonly NodeBudget _budget;
    private readonly LineIndex _lines;
    private readonly List<RawDocument> _documents = [];
    private readonly List<ManifestError> _errors = [];

    private JsonStreamReader(NodeBudget budget, LineIndex lines)
    {
        _budget = budget;
        _lines = lines;
    }

    public static (IReadOnlyList<RawDocument> Documents, IReadOnlyList<ManifestError> Errors) Read(byte[] utf8, NodeBudget budget)
    {
        var reader = new JsonStreamReader(budget, new LineIndex(utf8));
        reader.ReadAll(utf8);
        return (reader._documents, reader._errors);
    }

    private void ReadAll(byte[] utf8)
    {
        var options = new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = ManifestLimits.MaxDepth + 1,
        };
        var reader = new Utf8JsonReader(utf8, options);
        var stack = new Stack<JsonFrame>();
        var positions = new Dictionary<JsonNode, (int, int)>(ReferenceEqualityComparer.Instance);
        var index = 0;
        var failed = false;
        (int Line, int Column) start = (1, 1);
        try
        {
            while (reader.Read())
            {
                var at = _lines.At(reader.TokenStartIndex);
                if (stack.Count == 0)
                {
                    index++;
                    failed = false;
                    start = at;
                    positions = new Dictionary<JsonNode, (int, int)>(ReferenceEqualityComparer.Instance);
                }
                if (!_budget.TrySpend(1))
                {
                    _errors.Add(new ManifestError(at.Line, at.Column, _budget.ExceededMessage));
                    return;
                }
                JsonNode? value = null;
                var complete = true;
                string? problem = null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (stack.Count >= ManifestLimits.MaxDepth)
                        {
                            _errors.Add(new ManifestError(at.Line, at.Column, $"document {index}: objects and arrays are nested more than {ManifestLimits.MaxDepth} deep"));
                            return;
                        }
                        JsonNode container = reader.TokenType == JsonTokenType.StartObject ? new JsonObject() : new JsonArray();
                        positions[container] = at;
                        stack.Push(new JsonFrame(container));
                        complete = false;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        value = stack.Pop().Container;
                        break;
                    case JsonTokenType.PropertyName:
                        complete = false;
                        if (!TryGetString(ref reader, out var name))
                        {
                            problem = "a member name contains an unpaired UTF-16 surrogate escape, which is not valid Unicode";
                        }
                        else if (!stack.Peek().TrySetKey(name, at.Line, out var firstLine))
                        {
                            problem = $"member name \"{name}\" already defined at line {firstLine}";
                        }
                        break;
                    case JsonTokenType.String:
                        if (!TryGetString(ref reader, out var text))
                        {
                            problem = "the string contains an unpaired UTF-16 surrogate escape, which is not valid Unicode";
                        }
                        value = JsonValue.Create(text);
                        break;
                    case JsonTokenType.Number:
                        value = Number(ref reader, out problem);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        value = JsonValue.Create(reader.GetBoolean());
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        complete = false;
                        break;
                }
                if (problem is not null && !failed)
                {
                    failed = true;
                    _errors.Add(new ManifestError(at.Line, at.Column, $"document {index}: {problem}"));
                }
                if (!complete || problem is not null)
                {
                    continue;
                }
                if (stack.Count > 0)
                {
                    stack.Peek().Add(value);
                }
                else if (!failed)
                {
                    _documents.Add(new RawDocument(value, index, start.Line, start.Column, positions));
                }
            }
        }
        catch (JsonException e)
        {
            var (line, column) = _lines.AtLine(e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            _errors.Add(new ManifestError(line, column, CleanMessage(e.Message)));
        }
    }

    private static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString() ?? "";
            return !ManifestStrings.HasUnpairedSurrogate(value);
        }
        catch (InvalidOperationException)
        {
            value = "";
            return false;
        }
    }

    private static JsonValue? Number(ref Utf8JsonReader reader, out string? problem)
    {
        problem = null;
        if (reader.TryGetInt64(out var l))
        {
            return JsonValue.Create(l);
        }
        if (reader.TryGetUInt64(out var u))
        {
            return JsonValue.Create(u);
        }
        if (reader.TryGetDouble(out var d) && double.IsFinite(d))
        {
            return JsonValue.Create(d);
        }
        problem = "a number is outside the range of a 64-bit float";
        return null;
    }

    /// <summary>
    /// System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 5."; the position is reported separately.
    /// Its advice to "change the reader options" is for programmers: a user is told what JSON does not allow.
    /// </summary>
    private static string CleanMessage(string message)
    {
        var text = PositionSuffix().Replace(message, "").Trim();
        if (text.Contains("trailing comma", StringComparison.Ordinal))
            return text.Contains("JSON array", StringComparison.Ordinal)
                ? "trailing comma before ']': JSON allows no comma after the last item of an array"
                : "trailing comma before '}': JSON allows no comma after the last member of an object";
        if (text.Contains("comment", StringComparison.OrdinalIgnoreCase) && text.Contains("reader options", StringComparison.Ordinal))
            return "comments are not allowed in JSON";
        return text.Replace(" Change the reader options.", "", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PositionSuffix();
}
