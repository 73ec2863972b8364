using System.Globalization;
using System.Text;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// Strings a client chose (apiVersion, kind, operation, uid, names, parser messages that quote them) made
/// safe for a log line: cut to <see cref="MaxLength"/> characters and with every control or line-breaking
/// character escaped. The text console format writes a <c>\r</c> or <c>\n</c> as is, so without this one
/// request could forge log lines or blow one line up to megabytes. A backslash is kept as is, so that escaping
/// an already escaped problem once more (<see cref="MalformedRequestLog"/>) changes nothing.
/// </summary>
internal static class LogText
{
    /// <summary>Longer than any Kubernetes name (63 or 253) quoted in a message, short enough for one log line.</summary>
    public const int MaxLength = 128;

    /// <summary>The text cut to <paramref name="maxLength"/> characters (an ellipsis and the full length say so) and escaped.</summary>
    public static string Of(string? text, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var cut = text.Length > maxLength;
        var shown = cut ? text.AsSpan(0, char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength) : text.AsSpan();
        if (!cut && !NeedsEscape(shown)) return text;

        var builder = new StringBuilder(shown.Length + 16);
        foreach (var c in shown)
        {
            switch (c)
            {
                case '\r': builder.Append("\\r"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (IsUnsafe(c)) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        if (cut) builder.Append(CultureInfo.InvariantCulture, $"...({text.Length} characters)");
        return builder.ToString();
    }

    /// <summary><see cref="Of"/> in double quotes, for a value inside a sentence.</summary>
    public static string Quote(string? text) => "\"" + Of(text) + "\"";

    private static bool NeedsEscape(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (IsUnsafe(c)) return true;
        return false;
    }

    /// <summary>C0 and C1 controls, DEL, the Unicode line and paragraph separators, and format characters (bidi overrides, zero-width).</summary>
    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
