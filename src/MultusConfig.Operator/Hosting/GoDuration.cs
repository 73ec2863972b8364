using System.Globalization;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Go's <c>time.ParseDuration</c> grammar, exactly: an optional sign, then one or more decimal numbers each
/// followed by a unit (<c>ns</c>, <c>us</c>, <c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>), as in
/// <c>1h30m</c> or <c>1.5s</c>; a bare number is refused except <c>0</c>. The flags are documented as Go
/// durations because controller-runtime's are, so the same text must mean the same here.
/// </summary>
public static class GoDuration
{
    private static readonly (string Unit, decimal Nanoseconds)[] Units =
    [
        ("ns", 1m), ("us", 1_000m), ("\u00b5s", 1_000m), ("\u03bcs", 1_000m), ("ms", 1_000_000m),
        ("s", 1_000_000_000m), ("m", 60_000_000_000m), ("h", 3_600_000_000_000m),
    ];

    /// <summary>Go's largest duration, int64 nanoseconds (about 2,562,047 hours).</summary>
    private const decimal MaxNanoseconds = long.MaxValue;

    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.SequenceEqual("0")) return TimeSpan.Zero;
        if (s.IsEmpty) throw Invalid(text);

        decimal total = 0;
        while (!s.IsEmpty)
        {
            var digits = 0;
            while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.')) digits++;
            var number = s[..digits];
            // Go: digits before or after the point, at most one point ("1.", ".5" and "1.5" are numbers, "." is not).
            if (number.IsEmpty || number.SequenceEqual(".") || number.Count('.') > 1) throw Invalid(text);
            s = s[digits..];
            var unitLength = 0;
            while (unitLength < s.Length && s[unitLength] != '.' && !char.IsAsciiDigit(s[unitLength])) unitLength++;
            if (unitLength == 0) throw new FormatException($"missing unit in duration \"{text}\" (use ns, us, ms, s, m or h)");
            var unit = s[..unitLength].ToString();
            s = s[unitLength..];
            var scale = Array.Find(Units, u => u.Unit == unit).Nanoseconds;
            if (scale == 0) throw new FormatException($"unknown unit \"{unit}\" in duration \"{text}\" (use ns, us, ms, s, m or h)");
            var value = decimal.Parse(number.EndsWith(".") ? number[..^1] : number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            total += value * scale;
            if (total > MaxNanoseconds) throw new FormatException($"invalid duration \"{text}\": out of range");
        }
        // TimeSpan counts 100 ns ticks: a remainder finer than that is dropped (no flag needs it).
        var ticks = (long)decimal.Truncate(total / 100m);
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }

    private static FormatException Invalid(string text) => new($"invalid duration \"{text}\"");
}
