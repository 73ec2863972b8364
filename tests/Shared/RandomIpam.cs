using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace MultusConfig.Testing;

/// <summary>
/// Generates valid macvlan SMC specs with a <c>spec.ipam</c> of every type but spiderpool (and no coordinator,
/// as on a cluster without Spiderpool), together with the IPv4 and IPv6 address the first pod must get.
/// Shared by Core's property tests (validation and rendering) and the CNI tests (the real plugins), so both
/// prove the same population. Route gateways are always given and on-link: the plugins' CHECK compares a
/// route without gw with the kernel's, which then has the IPAM gateway (containernetworking/plugins
/// pkg/ip ValidateExpectedRoute), and a gateway off every subnet cannot be routed through.
/// </summary>
public sealed class RandomIpam(Random random, string dataDirRoot)
{
    public static readonly string[] Types = ["host-local", "static", "whereabouts", "dhcp"];
    private static readonly string[] Versions = ["0.3.0", "0.3.1", "0.4.0", "1.0.0"];

    /// <summary>One generated case: the SMC spec, the cni-version annotation, and the first pod's addresses (CIDR).</summary>
    public sealed record Case(JsonObject Spec, string CniVersion, string? Ipv4, string? Ipv6)
    {
        public string Type => (string)Spec["ipam"]!["type"]!;
    }

    public Case Next(string? type = null)
    {
        type ??= Types[random.Next(Types.Length)];
        var ipam = new JsonObject { ["type"] = type };
        string? v4 = null, v6 = null;
        switch (type)
        {
            case "host-local":
                var sets = new JsonArray();
                var (set4, first4, gw4) = HostLocalSet(V4Subnet());
                sets.Add(set4);
                v4 = first4;
                var routeGateways = new List<(string Gw, IPAddress Net, int Len)> { gw4 };
                if (Chance(0.3))
                {
                    var (set6, first6, gw6) = HostLocalSet(V6Subnet());
                    sets.Add(set6);
                    v6 = first6;
                    routeGateways.Add(gw6);
                }
                ipam["ranges"] = sets;
                Routes(ipam, routeGateways);
                if (Chance(0.3)) ipam["dataDir"] = dataDirRoot + "/hl" + random.Next(1000).ToString(CultureInfo.InvariantCulture);
                break;
            case "static":
                var addresses = new JsonArray();
                var onLink = new List<(string Gw, IPAddress Net, int Len)>();
                var withGateway = Chance(0.5);
                foreach (var (net, len) in Chance(0.3) ? new[] { V4Subnet(), V6Subnet() } : [V4Subnet()])
                {
                    var host = Offset(net, 10 + random.Next(50));
                    var address = new JsonObject { ["address"] = $"{host}/{len}" };
                    var gw = Offset(net, 1).ToString();
                    if (withGateway) address["gateway"] = gw;
                    addresses.Add(address);
                    onLink.Add((gw, net, len));
                    if (net.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) v4 = $"{host}/{len}";
                    else v6 = $"{host}/{len}";
                }
                ipam["addresses"] = addresses;
                Routes(ipam, onLink);
                if (Chance(0.4))
                {
                    var dns = new JsonObject { ["nameservers"] = new JsonArray("10.250.0.53") };
                    if (Chance(0.5)) dns["domain"] = "team1.example";
                    if (Chance(0.5)) dns["search"] = new JsonArray("team1.example", "example");
                    if (Chance(0.5)) dns["options"] = new JsonArray("ndots:2");
                    ipam["dns"] = dns;
                }
                break;
            case "whereabouts":
                var (wnet, wlen) = V4Subnet();
                ipam["range"] = $"{wnet}/{wlen}";
                var size = 1 << (32 - wlen);
                var start = Chance(0.5) ? 2 + random.Next(size / 4) : 1;
                var end = size - 2;
                if (start != 1) ipam["rangeStart"] = Offset(wnet, start).ToString();
                if (Chance(0.5)) ipam["rangeEnd"] = Offset(wnet, end).ToString();
                if (Chance(0.5)) ipam["exclude"] = new JsonArray($"{Offset(wnet, size - 4)}/30");
                var wgw = Offset(wnet, size - 1 > 2 ? size - 2 : 1).ToString();
                if (Chance(0.5)) ipam["gateway"] = wgw;
                Routes(ipam, [(wgw, wnet, wlen)]);
                v4 = $"{Offset(wnet, start)}/{wlen}";
                break;
        }
        var spec = new JsonObject
        {
            ["cniType"] = "macvlan",
            ["enableCoordinator"] = false,
            ["macvlan"] = new JsonObject { ["master"] = new JsonArray("ens192") },
            ["ipam"] = ipam,
        };
        return new Case(spec, Versions[random.Next(Versions.Length)], v4, v6);
    }

    /// <summary>One range set of one range; returns it, the first address host-local hands out, and the gateway.</summary>
    private (JsonArray Set, string First, (string Gw, IPAddress Net, int Len) Gateway) HostLocalSet((IPAddress Net, int Len) subnet)
    {
        var (net, len) = subnet;
        var range = new JsonObject { ["subnet"] = $"{net}/{len}" };
        // host-local: rangeStart defaults to the network's first address after the network address, and the
        // gateway (default: that same first address) is never handed out (backend/allocator/range.go Canonicalize).
        var start = 1;
        if (Chance(0.6))
        {
            start = 2 + random.Next(20);
            range["rangeStart"] = Offset(net, start).ToString();
        }
        if (Chance(0.5)) range["rangeEnd"] = Offset(net, start + 20 + random.Next(10)).ToString();
        var gatewayOffset = 1;
        if (Chance(0.5))
        {
            gatewayOffset = Chance(0.5) ? start : 1;
            range["gateway"] = Offset(net, gatewayOffset).ToString();
        }
        var first = start == gatewayOffset ? start + 1 : start;
        return (new JsonArray(range), $"{Offset(net, first)}/{len}", (Offset(net, gatewayOffset).ToString(), net, len));
    }

    private void Routes(JsonObject ipam, List<(string Gw, IPAddress Net, int Len)> onLink)
    {
        if (!Chance(0.6)) return;
        var routes = new JsonArray();
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            var (gw, net, _) = onLink[random.Next(onLink.Count)];
            var dst = net.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                ? $"10.{90 + random.Next(9)}.{random.Next(4) * 64}.0/{18 + random.Next(7)}"
                : $"fd99:{random.Next(16):x}::/64";
            routes.Add(new JsonObject { ["dst"] = dst, ["gw"] = gw });
        }
        ipam["routes"] = routes;
    }

    private (IPAddress, int) V4Subnet()
    {
        var len = 22 + random.Next(5);
        // 10.250.0.0 is a network address for every length from 16 to 26.
        return (IPAddress.Parse(Chance(0.7) ? "10.250.0.0" : "10.251.0.0"), len);
    }

    private (IPAddress, int) V6Subnet() => (IPAddress.Parse($"fd00:250:{random.Next(16):x}::"), 64);

    private static IPAddress Offset(IPAddress network, int offset)
    {
        var bytes = network.GetAddressBytes();
        var carry = offset;
        for (var i = bytes.Length - 1; i >= 0 && carry > 0; i--)
        {
            var sum = bytes[i] + (carry & 0xff);
            bytes[i] = (byte)sum;
            carry = (carry >> 8) + (sum >> 8);
        }
        return new IPAddress(bytes);
    }

    private bool Chance(double p) => random.NextDouble() < p;
}
