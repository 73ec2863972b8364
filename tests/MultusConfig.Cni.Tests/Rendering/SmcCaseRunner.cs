using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Lab;
using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cni.Tests.Rendering;

/// <summary>
/// Renders an SMC with Core and runs the NAD's config the way a node would, choosing the proof by type:
/// macvlan gets the full two-pod lifecycle; ipvlan and vlan must fail only at link creation on this
/// kernel; custom configs run by their main plugin (bridge, macvlan); sriov, ib-sriov, ipoib and ovs have
/// no plugin here, so the rest of their chain (IPAM, rdma, chained plugins, coordinator, tuning) runs
/// behind a real macvlan that carries the same ipam section.
/// </summary>
public static class SmcCaseRunner
{
    /// <param name="podCount">2 proves the data path (ping); 1 is enough where another test already did.</param>
    public static async Task RunAsync(JsonObject manifest, RenderProfile profile, int podCount = 2)
    {
        var expected = SmcExpectation.From(manifest);
        var config = Renderer.Render(manifest, profile);
        await RunConfigAsync(config, expected, podCount);
    }

    public static async Task RunConfigAsync(string config, SmcExpectation expected, int podCount = 2)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var pools = expected.Pools();
        switch (expected.CniType)
        {
            case CniTypes.Macvlan when expected.Own is { Type: "dhcp" }:
                await DhcpLab.RunAsync(config, expected, PodsFor(expected, podCount));
                break;
            case CniTypes.Macvlan:
                // host-local's state goes before the lab ends, so the lab's HostDirectories can remove the emptied parents.
                await using (var lab = await CniLab.StartAsync(expected.HostInterfaces, pools))
                {
                    using var hostLocal = await HostLocalState.EnterAsync(HostLocalDirs(expected));
                    await Lifecycle.RunAsync(lab, config, expected, pools, PodsFor(expected, podCount), mode: expected.Mode ?? "bridge");
                    // DEL gave host-local's addresses back.
                    Assert.Empty(hostLocal.Reservations);
                }
                break;
            case CniTypes.Ipvlan or CniTypes.Vlan:
                await using (var lab = await CniLab.StartAsync(expected.HostInterfaces, pools))
                {
                    using var hostLocal = await HostLocalState.EnterAsync(HostLocalDirs(expected));
                    await UnsupportedLink.AssertFailsOnlyAtLinkCreationAsync(lab, config, expected, expected.CniType);
                }
                break;
            case CniTypes.Custom:
                await CustomConfigRunner.RunAsync(config, podCount);
                break;
            default:
                await ChainTail.RunAsync(config, expected, pools, podCount);
                break;
        }
    }

    /// <summary>
    /// Two pods prove the data path where pods on one master can reach each other: not in macvlan's private,
    /// vepa (no hairpinning switch behind a veth) and passthru (one macvlan per master) modes, and not with
    /// static addresses, which every pod of the network shares.
    /// </summary>
    public static int PodsFor(SmcExpectation expected, int podCount)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var shared = expected.Own is { Type: "static", IpsFromRuntime: false };
        return expected.Mode is "private" or "vepa" or "passthru" || shared ? Math.Min(podCount, 1) : podCount;
    }

    /// <summary>host-local's state directory for this network (dataDir or its default, plus the network name).</summary>
    public static IReadOnlyList<string> HostLocalDirs(SmcExpectation expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return expected.Own is { Type: "host-local" } own ? [Path.Combine(own.DataDir ?? "/var/lib/cni/networks", expected.NetworkName)] : [];
    }
}
