using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MultusConfig.Core.Manifests;

namespace MultusConfig.Cli.Output;

/// <summary>
/// Writes JSON trees as block-style YAML in kubectl's layout (two-space indent, sequences not indented
/// under their key). Every string is written so that any YAML 1.1 or 1.2 reader gets the same string back:
/// plain only when it cannot be mistaken for anything else, single-quoted when printable, double-quoted
/// with escapes otherwise. That is what keeps a NAD's <c>spec.config</c> identical byte for byte.
/// </summary>
public static class YamlWriter
{
    public static string Write(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var sb = new StringBuilder();
        WriteMappingBody(sb, root, indent: 0);
        return sb.ToString();
    }

    private static void WriteMappingBody(StringBuilder sb, JsonObject mapping, int indent)
    {
        var first = true;
        foreach (var (key, value) in mapping)
        {
            if (!first)
            {
                sb.Append(' ', indent);
            }
            first = false;
            sb.Append(Scalar(key)).Append(':');
            WriteValueAfterKey(sb, value, indent);
        }
    }

    private static void WriteValueAfterKey(StringBuilder sb, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject obj when obj.Count > 0:
                sb.Append('\n').Append(' ', indent + 2);
                WriteMappingBody(sb, obj, indent + 2);
                break;
            case JsonArray array when array.Count > 0:
                sb.Append('\n');
                WriteSequence(sb, array, indent);
                break;
            default:
                sb.Append(' ').Append(Inline(value)).Append('\n');
                break;
        }
    }

    private static void WriteSequence(StringBuilder sb, JsonArray array, int indent)
    {
        foreach (var item in array)
        {
            sb.Append(' ', indent).Append("- ");
            switch (item)
            {
                case JsonObject obj when obj.Count > 0:
                    WriteMappingBody(sb, obj, indent + 2);
                    break;
                case JsonArray inner when inner.Count > 0:
                    // A nested sequence starts on the dash's line: "- - a".
                    var nested = new StringBuilder();
                    WriteSequence(nested, inner, indent + 2);
                    sb.Append(nested.ToString().TrimStart(' '));
                    break;
                default:
                    sb.Append(Inline(item)).Append('\n');
                    break;
            }
        }
    }

    private static string Inline(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True ? "true" : "false",
        // Numbers keep their JSON spelling, which YAML reads back as the same number.
        _ => value.ToJsonString(),
    };

    /// <summary>A string as a YAML scalar that reads back as exactly this string.</summary>
    public static string Scalar(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (CanBePlain(s))
        {
            return s;
        }
        return CanBeSingleQuoted(s) ? "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'" : DoubleQuoted(s);
    }

    private static bool CanBePlain(string s)
    {
        if (s.Length == 0 || !YamlScalarResolver.StaysString(s))
        {
            return false;
        }
        // Leading digits, signs and dots could be read as numbers, times or sexagesimals by
        // YAML 1.1 readers other than go-yaml; '=' is YAML 1.1's value key.
        if (char.IsAsciiDigit(s[0]) || s[0] is '+' or '.' or '=' || s[^1] == ' ')
        {
            return false;
        }
        foreach (var c in s)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }
        if ("-?:,[]{}#&*!|>'\"%@` ".Contains(s[0], StringComparison.Ordinal))
        {
            return false;
        }
        // A colon or " #" could end the scalar early; flow indicators could confuse flow-style readers.
        return !s.Contains(" #", StringComparison.Ordinal) && s.IndexOfAny([':', ',', '[', ']', '{', '}']) < 0;
    }

    private static bool CanBeSingleQuoted(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }
            if (!IsPrintable(c))
            {
                return false;
            }
        }
        // Leading or trailing spaces survive quoting, but readers that fold lines may trim them.
        return s.Length == 0 || (s[0] != ' ' && s[^1] != ' ');
    }

    /// <summary>YAML's printable set minus the characters some readers treat as line breaks or a BOM.</summary>
    private static bool IsPrintable(char c) =>
        c is (>= ' ' and <= '~') or (>= '\u00A0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD')
        && c is not ('\u2028' or '\u2029' or '\uFEFF');

    private static string DoubleQuoted(string s)
    {
        var sb = new StringBuilder(s.Length + 8).Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[++i]);
                continue;
            }
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (IsPrintable(c))
                    {
                        sb.Append(c);
                    }
                    else
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
