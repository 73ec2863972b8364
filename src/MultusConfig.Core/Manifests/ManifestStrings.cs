using System.Globalization;
using System.Text.Json.Nodes;

namespace MultusConfig.Core.Manifests;

/// <summary>Checks and conversions shared by the YAML and JSON readers.</summary>
internal static class ManifestStrings
{
    /// <summary>
    /// An escape such as <c>"\ud800"</c> can put half a surrogate pair into a string; no UTF-8 output
    /// can carry it, so it is rejected where it is read instead of turning into U+FFFD in a NAD.
    /// </summary>
    public static bool HasUnpairedSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A resolved YAML key as sigs.k8s.io/yaml turns it into a JSON member name: numbers and booleans
    /// become their text (<c>yes:</c> is the key "true", <c>010:</c> the key "8"); null has no name.
    /// </summary>
    public static string? KeyText(JsonNode? key) => key switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonValue v when v.TryGetValue(out bool b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue(out long l) => l.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue(out ulong u) => u.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue(out double d) => GoFloat32G(d),
        _ => null,
    };

    /// <summary>Go's <c>strconv.FormatFloat(d, 'g', -1, 32)</c>, which sigs.k8s.io/yaml uses for float keys.</summary>
    private static string GoFloat32G(double d)
    {
        var f = (float)d;
        if (float.IsNaN(f))
        {
            return ".nan";
        }
        if (float.IsInfinity(f))
        {
            return f > 0 ? ".inf" : "-.inf";
        }
        if (f == 0)
        {
            return float.IsNegative(f) ? "-0" : "0";
        }
        // Shortest round-trip digits and decimal exponent, e.g. 1.5 → ("15", 0).
        var e = f.ToString("E8", CultureInfo.InvariantCulture);
        var shortest = f.ToString("R", CultureInfo.InvariantCulture);
        var sign = f < 0 ? "-" : "";
        var mantissa = shortest.TrimStart('-').Split('E')[0].Replace(".", "", StringComparison.Ordinal).TrimStart('0').TrimEnd('0');
        var exponent = int.Parse(e.Split('E')[1], CultureInfo.InvariantCulture);
        if (mantissa.Length == 0)
        {
            mantissa = "0";
        }
        if (exponent < -4 || exponent >= 6)
        {
            var frac = mantissa.Length > 1 ? "." + mantissa[1..] : "";
            var exp = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return $"{sign}{mantissa[0]}{frac}e{(exponent < 0 ? '-' : '+')}{exp}";
        }
        if (exponent < 0)
        {
            return $"{sign}0.{new string('0', -exponent - 1)}{mantissa}";
        }
        return mantissa.Length <= exponent + 1
            ? sign + mantissa + new string('0', exponent + 1 - mantissa.Length)
            : $"{sign}{mantissa[..(exponent + 1)]}.{mantissa[(exponent + 1)..]}";
    }
}
