using System.Globalization;
using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Lab;
using MultusConfig.Cni.Tests.StandIns;
using MultusConfig.Core.Api;

namespace MultusConfig.Cni.Tests.Rendering;

/// <summary>
/// What a node should end up with for an SMC, worked out from the SMC itself (not from the rendered
/// config, so a rendering mistake shows as a plugin failure or a wrong interface): the main CNI type, the
/// master the interface hangs off, the MTU, the pools, the sysctls of chained tuning plugins.
/// </summary>
public sealed record SmcExpectation(
    string CniType,
    string CniVersion,
    string? Master,
    IReadOnlyList<string> HostInterfaces,
    int? Mtu,
    bool Ipam,
    IReadOnlyList<string> Ipv4Pools,
    IReadOnlyList<string> Ipv6Pools,
    IReadOnlyDictionary<string, string> Sysctls,
    bool Coordinator)
{
    /// <summary>The SMC's own spec.ipam (our extension), or null for Spiderpool's IPAM.</summary>
    public OwnIpam? Own { get; init; }

    /// <summary>spec.macvlan.mode or spec.ipvlan.mode as set (our extension), or null.</summary>
    public string? Mode { get; init; }

    /// <summary>The CNI network name (the conflist's name), which host-local keys its state by.</summary>
    public string NetworkName { get; init; } = "";

    /// <summary>MTU of the veth "NICs" in the lab's host namespace.</summary>
    public const int HostMtu = 1500;

    public static SmcExpectation From(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var spec = manifest["spec"] as JsonObject ?? [];
        var annotations = manifest["metadata"]?["annotations"] as JsonObject;
        var cniType = (string?)spec["cniType"] ?? CniTypes.Custom;
        var version = annotations?[Annotations.CniVersion] is JsonValue v ? (string?)v ?? Annotations.DefaultCniVersion : Annotations.DefaultCniVersion;
        var block = cniType switch
        {
            CniTypes.Macvlan => spec["macvlan"] as JsonObject,
            CniTypes.Ipvlan => spec["ipvlan"] as JsonObject,
            CniTypes.Vlan => spec["vlan"] as JsonObject,
            CniTypes.Sriov => spec["sriov"] as JsonObject,
            CniTypes.IbSriov => spec["ibsriov"] as JsonObject,
            CniTypes.Ipoib => spec["ipoib"] as JsonObject,
            CniTypes.Ovs => spec["ovs"] as JsonObject,
            _ => null,
        };
        var masters = block?["master"] is JsonArray m ? m.Select(x => (string?)x ?? "").ToList() : [];
        var bondName = (string?)block?["bond"]?["name"];
        var vlanId = JsonInt(block?["vlanID"]) ?? 0;
        string? master = cniType switch
        {
            CniTypes.Macvlan or CniTypes.Ipvlan => (masters.Count == 1 ? masters[0] : bondName) + (vlanId != 0 ? "." + vlanId.ToString(CultureInfo.InvariantCulture) : ""),
            CniTypes.Vlan => masters.Count == 1 ? masters[0] : bondName,
            _ => null,
        };
        int? mtu = cniType is CniTypes.Macvlan or CniTypes.Ipvlan or CniTypes.Vlan && JsonInt(block?["mtu"]) is > 0 and var mtuValue ? mtuValue : null;

        var sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in (spec["chainCNIJsonData"] as JsonArray ?? []).Select(x => (string?)x ?? "{}"))
        {
            if (JsonNode.Parse(text) is JsonObject chained && (string?)chained["type"] == "tuning")
            {
                foreach (var (key, value) in chained["sysctl"] as JsonObject ?? [])
                {
                    sysctls[key] = (string?)value ?? "";
                }
                if (JsonInt(chained["mtu"]) is { } chainedMtu)
                {
                    mtu = chainedMtu;
                }
            }
        }

        var pools = block?["ippools"] as JsonObject;
        var metadata = manifest["metadata"] as JsonObject;
        var networkName = (string?)annotations?[Annotations.CniConfigName] is { Length: > 0 } configName ? configName
            : (string?)annotations?[Annotations.CrName] ?? (string?)metadata?["name"] ?? "";
        return new SmcExpectation(
            cniType,
            version,
            master,
            [.. masters.Append(master).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)],
            mtu,
            Ipam: spec["disableIPAM"]?.ToJsonString() != "true",
            Ipv4Pools: pools?["ipv4"] is JsonArray p4 ? [.. p4.Select(x => (string?)x ?? "")] : [],
            Ipv6Pools: pools?["ipv6"] is JsonArray p6 ? [.. p6.Select(x => (string?)x ?? "")] : [],
            sysctls,
            Coordinator: cniType != CniTypes.Custom && spec["enableCoordinator"]?.ToJsonString() != "false")
        {
            Own = OwnIpam.From(spec),
            Mode = (string?)block?["mode"],
            NetworkName = networkName,
        };
    }

    /// <summary>An integer whatever the node holds (YAML gives longs, parsed JSON gives elements).</summary>
    public static int? JsonInt(JsonNode? node) =>
        node is JsonValue v && int.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null;

    /// <summary>The pools the spiderpool stand-in gets: the cluster default plus one distinct range per pool the SMC names.</summary>
    public PoolBook Pools()
    {
        var book = CniLab.DefaultPools();
        var n = 1;
        foreach (var name in Ipv4Pools.Distinct(StringComparer.Ordinal))
        {
            var start = 10 + (10 * n++);
            book.Pools[name] = new Pool { Addresses = [.. Enumerable.Range(start, 10).Select(i => $"10.250.0.{i}/24")] };
        }
        n = 1;
        foreach (var name in Ipv6Pools.Distinct(StringComparer.Ordinal))
        {
            var start = 16 * n++;
            book.Pools[name] = new Pool { Addresses = [.. Enumerable.Range(start, 10).Select(i => $"fd00:250::{i:x}/64")] };
        }
        return book;
    }

    /// <summary>The IPv4 address pod number <paramref name="podIndex"/> gets: the first named pool, else the default.</summary>
    public string? Ipv4For(PoolBook pools, int podIndex) =>
        Own is { } own ? own.Ipv4.ElementAtOrDefault(podIndex)
        : Ipam ? pools.Pools[Ipv4Pools.Count > 0 ? Ipv4Pools[0] : CniLab.DefaultPool].Addresses[podIndex] : null;

    public string? Ipv6For(PoolBook pools, int podIndex) =>
        Own is { } own ? own.Ipv6.ElementAtOrDefault(podIndex)
        : Ipam && Ipv6Pools.Count > 0 ? pools.Pools[Ipv6Pools[0]].Addresses[podIndex] : null;
}
