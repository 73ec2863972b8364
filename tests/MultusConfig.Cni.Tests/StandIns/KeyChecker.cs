using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>
/// Collects every problem of a config object at once: unknown keys and wrong JSON types. The real
/// plugins decode with Go's encoding/json, which rejects wrong types but silently ignores unknown keys;
/// the stand-ins are stricter on purpose, so a misspelt key the renderer emits cannot go unnoticed.
/// </summary>
public sealed partial class KeyChecker(JsonObject obj, string path)
{
    /// <summary>Keys libcni or the CNI spec may put into any plugin config.</summary>
    public static readonly string[] CommonKeys = ["cniVersion", "name", "type", "prevResult", "runtimeConfig", "args", "capabilities", "dns"];

    private readonly List<string> _problems = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Problems => _problems;

    public KeyChecker Known(params string[] keys)
    {
        _known.UnionWith(keys);
        return this;
    }

    public KeyChecker IsBool(string key) => Check(key, v => v is JsonValue j && j.TryGetValue(out bool _), "a boolean");

    public KeyChecker IsString(string key, Func<string, string?>? rule = null)
    {
        Check(key, v => v is JsonValue j && j.TryGetValue(out string? _), "a string");
        if (rule is not null && obj[key] is JsonValue sv && sv.TryGetValue(out string? s) && rule(s) is { } problem)
        {
            _problems.Add($"{path}.{key}: {problem}");
        }
        return this;
    }

    public KeyChecker IsInteger(string key, long min = long.MinValue, long max = long.MaxValue, Func<long, bool>? rule = null)
    {
        Check(key, v => v is JsonValue j && (j.TryGetValue(out long _) || j.TryGetValue(out double d) && d == Math.Floor(d)), "an integer");
        if (obj[key] is JsonValue iv && TryLong(iv, out var n) && (n < min || n > max || rule is not null && !rule(n)))
        {
            _problems.Add($"{path}.{key}: value {n} is out of range");
        }
        return this;
    }

    public KeyChecker IsStringArray(string key, Func<string, string?>? rule = null)
    {
        Check(key, v => v is JsonArray a && a.All(x => x is JsonValue j && j.TryGetValue(out string? _)), "an array of strings");
        if (rule is not null && obj[key] is JsonArray arr)
        {
            for (var i = 0; i < arr.Count; i++)
            {
                if ((string?)arr[i] is { } s && rule(s) is { } problem)
                {
                    _problems.Add($"{path}.{key}[{i}]: {problem}");
                }
            }
        }
        return this;
    }

    public KeyChecker IsObject(string key, Action<KeyChecker>? nested = null)
    {
        Check(key, v => v is JsonObject, "an object");
        if (nested is not null && obj[key] is JsonObject o)
        {
            var inner = new KeyChecker(o, $"{path}.{key}");
            nested(inner);
            _problems.AddRange(inner.Finish());
        }
        return this;
    }

    public KeyChecker Require(params string[] keys)
    {
        foreach (var k in keys.Where(k => obj[k] is null))
        {
            _problems.Add($"{path}.{k} is required");
        }
        return this;
    }

    public KeyChecker Add(string? problem)
    {
        if (problem is not null)
        {
            _problems.Add(problem);
        }
        return this;
    }

    /// <summary>Adds "unknown key" problems and returns the full list.</summary>
    public IReadOnlyList<string> Finish()
    {
        foreach (var key in obj.Select(p => p.Key).Where(k => !_known.Contains(k)))
        {
            _problems.Add($"{path}: unknown key '{key}'");
        }
        return _problems;
    }

    /// <summary>Go's net.ParseCIDR: an address, a slash and a prefix length (host bits allowed).</summary>
    public static string? GoCidr(string s)
    {
        var parts = s.Trim().Split('/');
        return parts.Length == 2 && IPAddress.TryParse(parts[0], out var ip) && !parts[0].Contains('%', StringComparison.Ordinal)
            && int.TryParse(parts[1], out var len) && len >= 0
            && len <= (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            ? null
            : $"'{s}' is not a CIDR (the plugin parses it with net.ParseCIDR)";
    }

    public static string? IpAddress(string s) =>
        s.Length == 0 || IPAddress.TryParse(s, out _) ? null : $"'{s}' is not an IP address";

    /// <summary>The coordinator binary's own pattern for podMACPrefix.</summary>
    public static string? MacPrefix(string s) =>
        s.Length == 0 || MacPrefixPattern().IsMatch(s) ? null : $"'{s}' does not match the coordinator's MAC prefix pattern";

    private KeyChecker Check(string key, Func<JsonNode, bool> isType, string typeName)
    {
        _known.Add(key);
        if (obj.TryGetPropertyValue(key, out var v) && (v is null || !isType(v)))
        {
            _problems.Add($"{path}.{key} must be {typeName}, got {v?.ToJsonString() ?? "null"}");
        }
        return this;
    }

    private static bool TryLong(JsonValue v, out long n)
    {
        if (v.TryGetValue(out n))
        {
            return true;
        }
        if (v.TryGetValue(out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e18)
        {
            n = (long)d;
            return true;
        }
        return false;
    }

    [GeneratedRegex("^[a-fA-F0-9][a-fA-F,0,2-9][:-][a-fA-F0-9]{2}$")]
    private static partial Regex MacPrefixPattern();
}
