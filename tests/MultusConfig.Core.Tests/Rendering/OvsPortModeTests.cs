using System.Text.Json.Nodes;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Core.Tests.Rendering;

/// <summary>
/// The OVS port a pod gets from each rendering, as ovs-cni derives it from the config it receives:
/// <c>ParseOvsPortConfig</c> in k8snetworkplumbingwg/ovs-cni pkg/common/common.go makes a trunk port when
/// <c>vlan</c> is absent or <c>trunk</c> is non-empty (no trunk list: every VLAN), else an access port
/// tagged <c>vlan</c> (0: untagged). Both profiles must give the port the reference gives.
/// </summary>
public class OvsPortModeTests
{
    private const string Trunk = """[{"minID":200,"maxID":299},{"id":400}]""";

    public static TheoryData<string, string, RenderProfile, string> Cases()
    {
        var data = new TheoryData<string, string, RenderProfile, string>();
        foreach (var profile in new[] { RenderProfile.Documented, RenderProfile.Spiderpool })
        {
            data.Add("unset", "empty", profile, "access, untagged");
            data.Add("0", "empty", profile, "access, untagged");
            data.Add("100", "empty", profile, "access, tag 100");
            data.Add("unset", "non-empty", profile, "trunk 200-299,400");
            data.Add("0", "non-empty", profile, "trunk 200-299,400");
            data.Add("100", "non-empty", profile, "trunk 200-299,400");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ovs_port_mode_derived_by_ovs_cni_is_the_references_in_both_profiles(string vlan, string trunk, RenderProfile profile, string expected)
    {
        var ovs = new JsonObject { ["bridge"] = "br-ex" };
        if (vlan != "unset") ovs["vlan"] = int.Parse(vlan, System.Globalization.CultureInfo.InvariantCulture);
        if (trunk == "non-empty") ovs["trunk"] = JsonNode.Parse(Trunk);
        var spec = new JsonObject { ["cniType"] = "ovs", ["ovs"] = ovs };

        var config = TestSmc.Config("o", spec.ToJsonString(), profile: profile);

        var plugin = (JsonObject)JsonNode.Parse(config)!["plugins"]![0]!;
        Assert.Equal(expected, OvsCniPortMode(plugin));
    }

    [Fact]
    public void Documented_ovs_example_without_vlan_or_trunk_writes_vlan_0_as_the_reference_does()
    {
        Assert.Contains("""{"vlan":0,"type":"ovs","bridge":"br-ex","ipam":{"type":"spiderpool"}}""",
            TestSmc.Config("o", """{"cniType":"ovs","ovs":{"bridge":"br-ex"}}"""), StringComparison.Ordinal);
    }

    [Fact]
    public void Documented_ovs_with_a_trunk_and_no_vlan_leaves_vlan_out()
    {
        // ovs-cni ignores vlan on a trunk port at ADD, and its CHECK fails "vlan tag mismatch. ovs=nil,netconf=0" when it is there.
        var plugin = JsonNode.Parse(TestSmc.Config("o", """{"cniType":"ovs","ovs":{"bridge":"br-ex","trunk":[{"id":400}]}}"""))!["plugins"]![0]!.AsObject();
        Assert.False(plugin.ContainsKey("vlan"));
    }

    /// <summary>ovs-cni's ParseOvsPortConfig and SplitVlanIds, as a description of the port created.</summary>
    private static string OvsCniPortMode(JsonObject plugin)
    {
        var trunk = plugin["trunk"] as JsonArray ?? [];
        if (plugin["vlan"] is null || trunk.Count > 0)
        {
            if (trunk.Count == 0) return "trunk, every VLAN";
            var ranges = trunk.Select(t => t!["id"] is { } id ? $"{(int)id}" : $"{(int)t["minID"]!}-{(int)t["maxID"]!}");
            return "trunk " + string.Join(",", ranges);
        }
        var tag = (int)plugin["vlan"]!;
        return tag == 0 ? "access, untagged" : $"access, tag {tag}";
    }
}
