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
            case CniTypes.Macvlan:
                await using (var lab = await CniLab.StartAsync(expected.HostInterfaces, pools))
                {
                    await Lifecycle.RunAsync(lab, config, expected, pools, podCount);
                }
                break;
            case CniTypes.Ipvlan or CniTypes.Vlan:
                await using (var lab = await CniLab.StartAsync(expected.HostInterfaces, pools))
                {
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
}
