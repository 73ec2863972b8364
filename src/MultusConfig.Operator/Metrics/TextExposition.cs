using System.Buffers;
using System.Globalization;
using System.Text;

namespace MultusConfig.Operator.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4 as UTF-8 into a buffer writer (the response's pipe):
/// <c># HELP</c> with <c>\\</c> and <c>\n</c> escaped, <c># TYPE</c>, then one line per sample with label values
/// escaped (<c>\\</c>, <c>\"</c>, <c>\n</c>) and numbers in Go's ParseFloat syntax (shortest round-trip,
/// <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>). See https://prometheus.io/docs/instrumenting/exposition_formats/.
/// </summary>
internal sealed class TextExposition(IBufferWriter<byte> output)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly SearchValues<char> HelpEscapes = SearchValues.Create("\\\n");
    private static readonly SearchValues<char> LabelEscapes = SearchValues.Create("\\\n\"");

    public void WriteHeader(Collector family)
    {
        Ascii("# HELP ");
        Ascii(family.Name);
        Ascii(" ");
        Escaped(family.Help, HelpEscapes);
        Ascii("\n# TYPE ");
        Ascii(family.Name);
        Ascii(" ");
        Ascii(family.Type);
        Ascii("\n");
    }

    /// <summary>One sample line: <c>name{labels} value</c>, with an extra last label (a histogram's <c>le</c>) if given.</summary>
    public void WriteSample(string name, string suffix, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues,
        double value, string? extraLabel = null, double extraValue = 0)
    {
        Ascii(name);
        Ascii(suffix);
        if (labelNames.Count > 0 || extraLabel is not null)
        {
            Ascii("{");
            for (var i = 0; i < labelNames.Count; i++)
            {
                if (i > 0) Ascii(",");
                Label(labelNames[i]);
                Escaped(labelValues[i], LabelEscapes);
                Ascii("\"");
            }
            if (extraLabel is not null)
            {
                if (labelNames.Count > 0) Ascii(",");
                Label(extraLabel);
                Number(extraValue);
                Ascii("\"");
            }
            Ascii("}");
        }
        Ascii(" ");
        Number(value);
        Ascii("\n");
    }

    private void Label(string labelName)
    {
        Ascii(labelName);
        Ascii("=\"");
    }

    private void Number(double value)
    {
        if (double.IsPositiveInfinity(value)) Ascii("+Inf");
        else if (double.IsNegativeInfinity(value)) Ascii("-Inf");
        else if (double.IsNaN(value)) Ascii("NaN");
        else
        {
            // "R"-style shortest round-trip ("0.0005", "1", "1E+16"): all valid for Prometheus' ParseFloat.
            var span = output.GetSpan(32);
            if (!value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture))
                throw new InvalidOperationException("a double did not fit in 32 bytes");
            output.Advance(written);
        }
    }

    private void Escaped(string text, SearchValues<char> escapes)
    {
        var rest = text.AsSpan();
        while (true)
        {
            var at = rest.IndexOfAny(escapes);
            if (at < 0)
            {
                Utf8(rest);
                return;
            }
            Utf8(rest[..at]);
            Ascii(rest[at] switch { '\\' => "\\\\", '\n' => "\\n", _ => "\\\"" });
            rest = rest[(at + 1)..];
        }
    }

    private void Ascii(string text) => Utf8(text);

    private void Utf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
