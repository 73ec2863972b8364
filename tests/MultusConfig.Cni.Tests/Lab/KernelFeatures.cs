using MultusConfig.Cni.Tests.Netns;

namespace MultusConfig.Cni.Tests.Lab;

/// <summary>
/// Whether this kernel can create a link type, probed once in a scratch namespace (this VM's kernel has
/// no ipvlan and no 802.1q and cannot load modules; a stock Debian kernel has both).
/// </summary>
public static class KernelFeatures
{
    private static readonly Dictionary<string, Lazy<Task<bool>>> Probes = new(StringComparer.Ordinal)
    {
        ["ipvlan"] = new(() => ProbeAsync("type", "ipvlan", "mode", "l2")),
        ["vlan"] = new(() => ProbeAsync("type", "vlan", "id", "100")),
    };

    public static Task<bool> SupportsAsync(string kind) => Probes[kind].Value;

    private static async Task<bool> ProbeAsync(params string[] typeArgs)
    {
        await using var ns = await NetworkNamespace.CreateAsync(TestNames.Unique("probe"));
        await ns.IpAsync("link", "add", "m0", "type", "veth", "peer", "name", "m1");
        var outcome = await ns.TryIpAsync(["link", "add", "t0", "link", "m0", .. typeArgs]);
        return outcome.Succeeded;
    }
}
