using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Lab;
using MultusConfig.Cni.Tests.StandIns;

namespace MultusConfig.Cni.Tests.Rendering;

/// <summary>
/// For main plugins that do not exist on this machine (sriov, ib-sriov, ipoib, ovs need hardware or
/// daemons): the main plugin is replaced by a real macvlan on ens192 with the same <c>ipam</c> section,
/// and the rest of the rendered chain runs unchanged behind it (rdma, chained plugins, coordinator,
/// sriov's tuning). This proves everything but the main plugin's own keys.
/// </summary>
public static class ChainTail
{
    public const string SubstituteMaster = "ens192";

    public static async Task RunAsync(string config, SmcExpectation expected, PoolBook pools, int podCount)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var root = JsonNode.Parse(config) as JsonObject ?? throw new Xunit.Sdk.XunitException("config is not an object: " + config);
        var plugins = root["plugins"] as JsonArray ?? throw new Xunit.Sdk.XunitException("config is not a conflist: " + config);
        var main = (JsonObject)plugins[0]!;
        Assert.Equal(expected.CniType, (string?)main["type"]);
        var substitute = new JsonObject { ["type"] = "macvlan", ["master"] = SubstituteMaster, ["mode"] = "bridge" };
        if (main["ipam"] is { } ipam)
        {
            substitute["ipam"] = ipam.DeepClone();
        }
        plugins[0] = substitute;
        var tail = root.ToJsonString();

        var tuningMtu = plugins.Skip(1).Where(p => (string?)p?["type"] == "tuning").Select(p => SmcExpectation.JsonInt(p?["mtu"])).LastOrDefault(m => m is > 0);
        await using var lab = await CniLab.StartAsync([SubstituteMaster], pools);
        await Lifecycle.RunAsync(lab, tail, expected with { Master = SubstituteMaster, Mtu = tuningMtu ?? expected.Mtu }, pools, podCount);
    }
}
