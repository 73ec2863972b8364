using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultusConfig.Core.Validation;

/// <summary>Shows an offending value in an error message, shortened so a 10 MB field cannot flood the output.</summary>
internal static class ValueText
{
    private const int MaxLength = 80;

    public static string Of(string value) => Quote(Shorten(value, value.Length));

    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(JsonNode? node)
    {
        if (node is null) return "null";
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return Of(v.GetValue<string>());
        string json;
        try
        {
            json = node.ToJsonString();
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException)
        {
            return "(unprintable)";
        }
        return Shorten(json, json.Length);
    }

    private static string Shorten(string s, int length) =>
        length <= MaxLength ? s : string.Concat(s.AsSpan(0, MaxLength), $"... ({length} characters)");

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
