using System.Net;
using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Infrastructure;
using static MultusConfig.Cni.Tests.Infrastructure.IpMath;

namespace MultusConfig.Cni.Tests.Rendering;

/// <summary>
/// What a node should end up with for an SMC's own <c>spec.ipam</c> (host-local, static, whereabouts, dhcp),
/// worked out from the SMC: each pod's addresses and the routes, as the plugin hands them out. host-local
/// starts at rangeStart (default: the subnet's first address) and skips the gateway (default: that same first
/// address), containernetworking/plugins plugins/ipam/host-local/backend/allocator/range.go Canonicalize and
/// allocator.go; the whereabouts stand-in starts at range_start and skips excluded prefixes; static gives
/// every pod the same addresses, or, without addresses, the ones the pod names (<see cref="RuntimeIps"/>).
/// </summary>
public sealed record OwnIpam(
    string Type,
    IReadOnlyList<string> Ipv4,
    IReadOnlyList<string> Ipv6,
    IReadOnlyList<(string Dst, string? Gw)> Routes,
    bool IpsFromRuntime,
    string? DataDir)
{
    /// <summary>The addresses pods name in their network annotation for static without addresses: in the lab's subnet.</summary>
    public static string RuntimeIp(int podIndex) => $"10.250.0.{10 + podIndex}/24";

    private const int Pods = 4;

    public static OwnIpam? From(JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec["ipam"] is not JsonObject ipam || (string?)ipam["type"] is not { } type || type == "spiderpool")
        {
            return null;
        }
        var v4 = new List<string>();
        var v6 = new List<string>();
        var ipsFromRuntime = false;
        switch (type)
        {
            case "host-local":
                foreach (var set in ipam["ranges"] as JsonArray ?? [])
                {
                    var range = set?[0] as JsonObject ?? [];
                    var (network, length) = Prefix((string)range["subnet"]!);
                    var start = (string?)range["rangeStart"] is { } s ? IPAddress.Parse(s) : Step(network, 1);
                    var gateway = (string?)range["gateway"] is { } g ? IPAddress.Parse(g) : Step(network, 1);
                    var target = network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? v4 : v6;
                    for (var ip = start; target.Count < Pods; ip = Step(ip, 1))
                    {
                        if (!ip.Equals(gateway))
                        {
                            target.Add($"{ip}/{length}");
                        }
                    }
                }
                break;
            case "static":
                var addresses = ipam["addresses"] as JsonArray ?? [];
                ipsFromRuntime = addresses.Count == 0;
                foreach (var a in addresses.Select(a => (string)a!["address"]!))
                {
                    var target = a.Contains(':', StringComparison.Ordinal) ? v6 : v4;
                    if (target.Count == 0)
                    {
                        target.AddRange(Enumerable.Repeat(a, Pods));
                    }
                }
                if (ipsFromRuntime)
                {
                    v4.AddRange(Enumerable.Range(0, Pods).Select(RuntimeIp));
                }
                break;
            case "whereabouts":
                var (net, len) = Prefix((string)ipam["range"]!);
                var excluded = (ipam["exclude"] as JsonArray ?? []).Select(x => Prefix((string)x!)).ToList();
                for (var ip = (string?)ipam["rangeStart"] is { } rs ? IPAddress.Parse(rs) : Step(net, 1); v4.Count < Pods; ip = Step(ip, 1))
                {
                    if (!excluded.Any(x => Contains(x.Network, x.Length, ip)))
                    {
                        v4.Add($"{ip}/{len}");
                    }
                }
                break;
        }
        var routes = (ipam["routes"] as JsonArray ?? []).Select(r => ((string)r!["dst"]!, (string?)r["gw"])).ToList();
        return new OwnIpam(type, v4, v6, routes, ipsFromRuntime, (string?)ipam["dataDir"]);
    }
}
