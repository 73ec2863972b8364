namespace MultusConfig.Core.Manifests;

/// <summary>
/// Go's <c>strconv.ParseInt(s, 0, 64)</c> and <c>ParseUint(s, 0, 64)</c>, which go-yaml uses to read
/// integers: <c>0x</c>/<c>0o</c>/<c>0b</c> prefixes, a bare leading <c>0</c> meaning octal.
/// </summary>
internal static class GoIntegers
{
    public static bool TryParseInt64(string s, out long value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }
        var negative = s[0] == '-';
        var body = s[0] is '+' or '-' ? s[1..] : s;
        if (!TryParseUInt64(body, out var magnitude))
        {
            return false;
        }
        if (negative)
        {
            if (magnitude > 1UL << 63)
            {
                return false;
            }
            value = magnitude == 1UL << 63 ? long.MinValue : -(long)magnitude;
            return true;
        }
        if (magnitude >= 1UL << 63)
        {
            return false;
        }
        value = (long)magnitude;
        return true;
    }

    public static bool TryParseUInt64(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }
        var radix = 10;
        var digits = s.AsSpan();
        if (s[0] == '0')
        {
            var prefix = s.Length >= 3 ? char.ToLowerInvariant(s[1]) : '\0';
            radix = prefix switch
            {
                'b' => 2,
                'o' => 8,
                'x' => 16,
                _ => 8,
            };
            digits = digits[(prefix is 'b' or 'o' or 'x' ? 2 : 1)..];
        }
        foreach (var c in digits)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => int.MaxValue,
            };
            if (digit >= radix)
            {
                return false;
            }
            var next = unchecked(value * (ulong)radix + (ulong)digit);
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return false;
            }
            value = next;
        }
        return true;
    }
}
