using System.Net;
using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.Cni;

/// <summary>
/// Checks a plugin result against the CNI spec of its version: 0.3.x/0.4.0 results tag every IP with
/// "version", 1.0.0 results must not; interfaces, ips, routes and dns have fixed shapes; the result's
/// cniVersion equals the config's. Returns the list of violations (empty when the result conforms).
/// </summary>
public static class CniResultValidator
{
    public static IReadOnlyList<string> Validate(JsonNode? result, string expectedVersion)
    {
        var p = new List<string>();
        if (result is not JsonObject obj)
        {
            return ["result is not a JSON object"];
        }
        if (Str(obj, "cniVersion") is not { } version)
        {
            p.Add("result has no string 'cniVersion'");
            return p;
        }
        if (version != expectedVersion)
        {
            p.Add($"result cniVersion '{version}' differs from the config's '{expectedVersion}'");
        }
        if (!CniVersion.AtLeast(version, "0.3.0"))
        {
            p.Add($"result version {version} is older than any version the cni-version annotation allows");
            return p;
        }
        foreach (var key in obj.Select(k => k.Key))
        {
            if (key is not ("cniVersion" or "interfaces" or "ips" or "routes" or "dns"))
            {
                p.Add($"unexpected top-level key '{key}'");
            }
        }

        var interfaceCount = 0;
        if (obj["interfaces"] is { } interfaces)
        {
            if (interfaces is not JsonArray ifs)
            {
                p.Add("'interfaces' is not an array");
            }
            else
            {
                interfaceCount = ifs.Count;
                for (var i = 0; i < ifs.Count; i++)
                {
                    ValidateInterface(ifs[i], $"interfaces[{i}]", p);
                }
            }
        }
        if (obj["ips"] is { } ips)
        {
            if (ips is not JsonArray list)
            {
                p.Add("'ips' is not an array");
            }
            else
            {
                for (var i = 0; i < list.Count; i++)
                {
                    ValidateIp(list[i], $"ips[{i}]", version, interfaceCount, p);
                }
            }
        }
        if (obj["routes"] is { } routes)
        {
            if (routes is not JsonArray list)
            {
                p.Add("'routes' is not an array");
            }
            else
            {
                for (var i = 0; i < list.Count; i++)
                {
                    ValidateRoute(list[i], $"routes[{i}]", p);
                }
            }
        }
        if (obj["dns"] is { } dns)
        {
            ValidateDns(dns, p);
        }
        return p;
    }

    private static void ValidateInterface(JsonNode? node, string path, List<string> p)
    {
        if (node is not JsonObject o)
        {
            p.Add($"{path} is not an object");
            return;
        }
        if (Str(o, "name") is not { Length: > 0 })
        {
            p.Add($"{path}.name must be a non-empty string");
        }
        if (o["mac"] is not null && Str(o, "mac") is null)
        {
            p.Add($"{path}.mac must be a string");
        }
        if (o["sandbox"] is not null && Str(o, "sandbox") is null)
        {
            p.Add($"{path}.sandbox must be a string");
        }
        foreach (var key in o.Select(k => k.Key))
        {
            if (key is not ("name" or "mac" or "sandbox"))
            {
                p.Add($"{path}: unexpected key '{key}'");
            }
        }
    }

    private static void ValidateIp(JsonNode? node, string path, string version, int interfaceCount, List<string> p)
    {
        if (node is not JsonObject o)
        {
            p.Add($"{path} is not an object");
            return;
        }
        var address = Str(o, "address");
        if (address is null || !IPNetwork.TryParse(address, out _) && !IsHostCidr(address))
        {
            p.Add($"{path}.address must be an address in CIDR notation, got '{address}'");
        }
        if (CniVersion.IpsCarryVersion(version))
        {
            var v = Str(o, "version");
            if (v is not ("4" or "6"))
            {
                p.Add($"{path}.version must be \"4\" or \"6\" in CNI {version}, got '{v}'");
            }
            else if (address is not null && IsHostCidr(address) && (v == "4") != IPAddress.Parse(address.Split('/')[0]).AddressFamily.Equals(System.Net.Sockets.AddressFamily.InterNetwork))
            {
                p.Add($"{path}.version {v} does not match address {address}");
            }
        }
        else if (o["version"] is not null)
        {
            p.Add($"{path} has 'version', which CNI {version} results must not carry");
        }
        if (o["gateway"] is not null && (Str(o, "gateway") is not { } gw || !IPAddress.TryParse(gw, out _)))
        {
            p.Add($"{path}.gateway must be an IP address");
        }
        if (o["interface"] is { } idx)
        {
            if (idx is not JsonValue iv || !iv.TryGetValue(out int index) || index < 0 || index >= interfaceCount)
            {
                p.Add($"{path}.interface must index into interfaces (0..{interfaceCount - 1})");
            }
        }
        foreach (var key in o.Select(k => k.Key))
        {
            if (key is not ("version" or "address" or "gateway" or "interface"))
            {
                p.Add($"{path}: unexpected key '{key}'");
            }
        }
    }

    private static void ValidateRoute(JsonNode? node, string path, List<string> p)
    {
        if (node is not JsonObject o)
        {
            p.Add($"{path} is not an object");
            return;
        }
        if (Str(o, "dst") is not { } dst || !IsHostCidr(dst))
        {
            p.Add($"{path}.dst must be a CIDR");
        }
        if (o["gw"] is not null && (Str(o, "gw") is not { } gw || !IPAddress.TryParse(gw, out _)))
        {
            p.Add($"{path}.gw must be an IP address");
        }
        foreach (var key in o.Select(k => k.Key))
        {
            if (key is not ("dst" or "gw"))
            {
                p.Add($"{path}: unexpected key '{key}'");
            }
        }
    }

    private static void ValidateDns(JsonNode dns, List<string> p)
    {
        if (dns is not JsonObject o)
        {
            p.Add("'dns' is not an object");
            return;
        }
        foreach (var (key, value) in o)
        {
            switch (key)
            {
                case "domain":
                    if (Str(o, key) is null) { p.Add("dns.domain must be a string"); }
                    break;
                case "nameservers" or "search" or "options":
                    if (value is not JsonArray a || a.Any(x => x is not JsonValue xv || !xv.TryGetValue(out string? _)))
                    {
                        p.Add($"dns.{key} must be an array of strings");
                    }
                    break;
                default:
                    p.Add($"dns: unexpected key '{key}'");
                    break;
            }
        }
    }

    /// <summary>"addr/len" where addr may have host bits set, as CNI results carry them (10.0.0.5/24).</summary>
    private static bool IsHostCidr(string s)
    {
        var parts = s.Split('/');
        return parts.Length == 2 && IPAddress.TryParse(parts[0], out var ip) && int.TryParse(parts[1], out var len)
            && len >= 0 && len <= (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
    }

    private static string? Str(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
