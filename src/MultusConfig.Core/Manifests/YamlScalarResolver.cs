using System.Globalization;
using System.Text.RegularExpressions;

namespace MultusConfig.Core.Manifests;

/// <summary>
/// Resolves plain (unquoted, untagged) scalars exactly as go-yaml v2 does under sigs.k8s.io/yaml, which is
/// what kubectl and the API server use: YAML 1.1 booleans (<c>yes</c>, <c>on</c>, <c>y</c> ...), Go integer
/// syntax (<c>0x1F</c>, <c>0o17</c>, <c>0b101</c>, leading-zero octal, underscores ignored), and floats.
/// Matching it matters because a manifest must mean the same thing here as in the cluster:
/// <c>vlanID: 010</c> is 8 there, and <c>enableCoordinator: off</c> is false.
/// </summary>
public static partial class YamlScalarResolver
{
    private static readonly Dictionary<string, (YamlScalarKind Kind, object? Value)> Fixed = BuildFixed();

    /// <summary>
    /// The kind of <paramref name="plain"/> and its value: null, <see cref="bool"/>, <see cref="long"/>,
    /// <see cref="ulong"/> (integers above <see cref="long.MaxValue"/>), <see cref="double"/> (may be
    /// infinite or NaN for <c>.inf</c> and <c>.nan</c>) or the string itself.
    /// </summary>
    public static YamlScalarKind Resolve(string plain, out object? value)
    {
        ArgumentNullException.ThrowIfNull(plain);
        value = plain;
        var hint = plain.Length == 0 ? 'N' : Hint(plain[0]);
        if (hint == '\0')
        {
            return YamlScalarKind.Text;
        }
        if (Fixed.TryGetValue(plain, out var known))
        {
            value = known.Value;
            return known.Kind;
        }
        switch (hint)
        {
            case '.':
                if (LeadingDotFloat().IsMatch(plain) && TryParseFiniteDouble(plain, out var f))
                {
                    value = f;
                    return YamlScalarKind.RealNumber;
                }
                break;
            case 'D' or 'S':
                var digits = plain.Replace("_", "", StringComparison.Ordinal);
                if (GoIntegers.TryParseInt64(digits, out var l))
                {
                    value = l;
                    return YamlScalarKind.WholeNumber;
                }
                if (GoIntegers.TryParseUInt64(digits, out var u))
                {
                    value = u;
                    return YamlScalarKind.WholeNumber;
                }
                // Go's ParseFloat reports overflow as an error, so go-yaml leaves "1e400" a string.
                if (YamlStyleFloat().IsMatch(digits) && TryParseFiniteDouble(digits, out var d))
                {
                    value = d;
                    return YamlScalarKind.RealNumber;
                }
                break;
        }
        return YamlScalarKind.Text;
    }

    /// <summary>True when <paramref name="plain"/>, written unquoted, would be read back as this same string.</summary>
    public static bool StaysString(string plain) => Resolve(plain, out _) == YamlScalarKind.Text;

    private static char Hint(char c) => c switch
    {
        '+' or '-' => 'S',
        >= '0' and <= '9' => 'D',
        'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' or '<' => 'M',
        '.' => '.',
        _ => '\0',
    };

    private static bool TryParseFiniteDouble(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static Dictionary<string, (YamlScalarKind, object?)> BuildFixed()
    {
        var map = new Dictionary<string, (YamlScalarKind, object?)>(StringComparer.Ordinal);
        void Add(YamlScalarKind kind, object? value, params string[] spellings)
        {
            foreach (var s in spellings)
            {
                map[s] = (kind, value);
            }
        }
        Add(YamlScalarKind.Boolean, true, "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
        Add(YamlScalarKind.Boolean, false, "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
        Add(YamlScalarKind.Null, null, "", "~", "null", "Null", "NULL");
        Add(YamlScalarKind.RealNumber, double.NaN, ".nan", ".NaN", ".NAN");
        Add(YamlScalarKind.RealNumber, double.PositiveInfinity, ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF");
        Add(YamlScalarKind.RealNumber, double.NegativeInfinity, "-.inf", "-.Inf", "-.INF");
        Add(YamlScalarKind.MergeKey, "<<", "<<");
        return map;
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStyleFloat();

    [GeneratedRegex(@"^\.[0-9]+([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingDotFloat();
}
