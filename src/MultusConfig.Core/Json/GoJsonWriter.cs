using System.Buffers;
using System.Globalization;
using System.Text;

namespace MultusConfig.Core.Json;

/// <summary>
/// Writes compact JSON exactly as Go's encoding/json does (spec 6.10), which is what the reference
/// stores in NADs: its string escaping (HTML characters, U+2028/9, lowercase \u00xx) and its float
/// formatting differ from every .NET encoder, so byte-compatibility needs this writer.
/// </summary>
internal sealed class GoJsonWriter
{
    private readonly StringBuilder _sb;
    // One flag per open container: true once it holds a value, so the next one needs a comma.
    private ulong _hasValue;
    private int _depth;

    public GoJsonWriter(StringBuilder sb) => _sb = sb;

    /// <summary>Empties the buffer and the container state, so that one writer serves many documents.</summary>
    public void Reset()
    {
        _sb.Clear();
        _hasValue = 0;
        _depth = 0;
    }

    /// <summary>The JSON written since the last <see cref="Reset"/>.</summary>
    public override string ToString() => _sb.ToString();

    public void StartObject() { BeforeValue(); _sb.Append('{'); Push(); }

    public void EndObject() { Pop(); _sb.Append('}'); }

    public void StartArray() { BeforeValue(); _sb.Append('['); Push(); }

    public void EndArray() { Pop(); _sb.Append(']'); }

    public void Name(string name)
    {
        BeforeValue();
        WriteString(_sb, name);
        _sb.Append(':');
        // The value that follows must not get a comma of its own.
        _hasValue &= ~(1UL << _depth);
    }

    public void String(string value) { BeforeValue(); WriteString(_sb, value); }

    public void Number(long value) { BeforeValue(); _sb.Append(value); }

    public void Number(ulong value) { BeforeValue(); _sb.Append(value); }

    public void Double(double value) { BeforeValue(); WriteDouble(_sb, value); }

    public void Bool(bool value) { BeforeValue(); _sb.Append(value ? "true" : "false"); }

    public void Null() { BeforeValue(); _sb.Append("null"); }

    /// <summary>Appends JSON text that is already compact and valid, as one value.</summary>
    public void Raw(string json) { BeforeValue(); _sb.Append(json); }

    public void Property(string name, string value) { Name(name); String(value); }

    public void Property(string name, long value) { Name(name); Number(value); }

    public void Property(string name, bool value) { Name(name); Bool(value); }

    public void Property(string name, IReadOnlyList<string> values)
    {
        Name(name);
        StartArray();
        // Indexed: foreach over the interface would box the enumerator.
        for (var i = 0; i < values.Count; i++) String(values[i]);
        EndArray();
    }

    private void BeforeValue()
    {
        var bit = 1UL << _depth;
        if ((_hasValue & bit) != 0) _sb.Append(',');
        _hasValue |= bit;
    }

    private void Push()
    {
        _depth++;
        if (_depth >= 64) throw new InvalidOperationException("JSON nesting too deep for the writer");
        _hasValue &= ~(1UL << _depth);
    }

    private void Pop() => _depth--;

    /// <summary>Every character <see cref="WriteString"/> may have to escape or replace.</summary>
    private static readonly SearchValues<char> Special = SearchValues.Create(SpecialCharacters());

    private static string SpecialCharacters()
    {
        var chars = new StringBuilder("\"\\<>&\u2028\u2029");
        for (var c = '\0'; c < ' '; c++) chars.Append(c);
        for (var c = '\uD800'; c <= '\uDFFF'; c++) chars.Append(c);
        return chars.ToString();
    }

    /// <summary>Go's string encoding with HTML escaping on (json.Marshal's default).</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        // Names and most values need no escaping: one vectorized search instead of a switch per character.
        if (s.AsSpan().IndexOfAny(Special) < 0)
        {
            sb.Append(s).Append('"');
            return;
        }
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u2028' => "\\u2028",
                '\u2029' => "\\u2029",
                < ' ' => "\\u00" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (escape is null && char.IsSurrogate(c))
            {
                // A valid pair is copied as is; a lone surrogate is what Go calls invalid UTF-8.
                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
                escape = "\\ufffd";
            }
            if (escape is null) continue;
            sb.Append(s, start, i - start).Append(escape);
            start = i + 1;
        }
        sb.Append(s, start, s.Length - start).Append('"');
    }

    /// <summary>
    /// Go's float64 encoding: the shortest round-trip digits, positional for 1e-6 &lt;= |x| &lt; 1e21,
    /// otherwise exponent form with no leading zero in the exponent and an explicit '+'.
    /// </summary>
    public static void WriteDouble(StringBuilder sb, double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "JSON has no infinities or NaN");
        if (value == 0)
        {
            sb.Append(double.IsNegative(value) ? "-0" : "0");
            return;
        }

        // "E16" is not shortest; "R" is, in the form d[.ddd]E[+-]N or positional. Normalize it to digits + exponent.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        if (negative) r = r[1..];
        var ePos = r.IndexOfAny(['E', 'e']);
        var mantissa = ePos < 0 ? r : r[..ePos];
        var exp10 = ePos < 0 ? 0 : int.Parse(r.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointPos = (dot < 0 ? mantissa.Length : dot) + exp10; // digits[0..pointPos) are the integer part
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') { lead++; pointPos--; }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";

        if (negative) sb.Append('-');
        var abs = Math.Abs(value);
        if (abs < 1e21 && abs >= 1e-6)
        {
            if (pointPos <= 0) sb.Append("0.").Append('0', -pointPos).Append(digits);
            else if (pointPos >= digits.Length) sb.Append(digits).Append('0', pointPos - digits.Length);
            else sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
            return;
        }

        var exponent = pointPos - 1;
        sb.Append(digits[0]);
        if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
        sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent));
    }
}
