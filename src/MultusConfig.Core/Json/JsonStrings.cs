using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace MultusConfig.Core.Json;

/// <summary>
/// Questions about string values that can be answered without decoding them. A parsed JsonValue (one
/// backed by a JsonElement, as every manifest is) allocates a new string on each read; these look at
/// its UTF-8 text instead, and fall back to reading the string wherever that could answer differently.
/// </summary>
internal static class JsonStrings
{
    /// <summary>True when the value is a JSON string equal to <paramref name="expected"/>.</summary>
    public static bool IsString(JsonValue v, string expected)
    {
        if (v.TryGetValue(out JsonElement e)) return e.ValueKind == JsonValueKind.String && e.ValueEquals(expected);
        return v.TryGetValue(out string? s) && s == expected;
    }

    /// <summary>
    /// The UTF-8 length of a string value as <c>Encoding.UTF8.GetByteCount(v.GetValue&lt;string&gt;())</c>
    /// computes it, or false when only decoding can tell (escapes, invalid UTF-8, not a parsed string).
    /// </summary>
    public static bool TryGetUtf8Length(JsonValue v, out int length)
    {
        if (v.TryGetValue(out JsonElement e) && e.ValueKind == JsonValueKind.String)
        {
            // Raw text includes the quotes; without a backslash it is the value itself.
            var raw = JsonMarshal.GetRawUtf8Value(e);
            if (raw.Length >= 2 && raw.IndexOf((byte)'\\') < 0 && Utf8.IsValid(raw))
            {
                length = raw.Length - 2;
                return true;
            }
        }
        if (v.TryGetValue(out string? s))
        {
            length = Encoding.UTF8.GetByteCount(s);
            return true;
        }
        length = 0;
        return false;
    }
}
