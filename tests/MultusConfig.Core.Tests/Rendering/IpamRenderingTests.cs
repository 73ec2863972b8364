using System.Text.Json.Nodes;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Core.Tests.Rendering;

/// <summary>spec.ipam and the modes as rendered: type first, exactly the keys set, the plugins' spelling, the same in both profiles.</summary>
public class IpamRenderingTests
{
    private static string MainPlugin(string spec, RenderProfile profile = RenderProfile.Documented) =>
        JsonNode.Parse(TestSmc.Config("net", spec, profile: profile))!["plugins"]![0]!.ToJsonString();

    [Fact]
    public void Host_local_is_rendered_with_type_first_and_only_the_keys_set()
    {
        Assert.Equal(
            """{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"host-local","ranges":[[{"subnet":"10.250.0.0/24","gateway":"10.250.0.1"}],[{"subnet":"fd00::/64"}]],"dataDir":"/run/hl"}}""",
            MainPlugin("""{"cniType":"macvlan","enableCoordinator":false,"macvlan":{"master":["ens192"]},"ipam":{"dataDir":"/run/hl","ranges":[[{"gateway":"10.250.0.1","subnet":"10.250.0.0/24"}],[{"subnet":"fd00::/64"}]],"type":"host-local"}}"""));
    }

    [Fact]
    public void Whereabouts_keys_are_written_in_whereabouts_spelling()
    {
        Assert.Equal(
            """{"type":"whereabouts","range":"10.250.0.0/24","range_start":"10.250.0.10","range_end":"10.250.0.20"}""",
            JsonNode.Parse(MainPlugin("""{"cniType":"macvlan","macvlan":{"master":["ens192"]},"ipam":{"type":"whereabouts","range":"10.250.0.0/24","rangeStart":"10.250.0.10","rangeEnd":"10.250.0.20"}}"""))!["ipam"]!.ToJsonString());
    }

    [Fact]
    public void Static_without_addresses_gives_the_main_plugin_the_ips_capability_and_with_addresses_not()
    {
        Assert.EndsWith("""
            "ipam":{"type":"static"},"capabilities":{"ips":true}}
            """, MainPlugin("""{"cniType":"macvlan","macvlan":{"master":["ens192"]},"ipam":{"type":"static"}}"""), StringComparison.Ordinal);
        Assert.DoesNotContain("capabilities", MainPlugin("""{"cniType":"macvlan","macvlan":{"master":["ens192"]},"ipam":{"type":"static","addresses":[{"address":"10.0.0.2/8"}]}}"""), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"cniType":"vlan","vlan":{"master":["ens192"],"vlanID":5},"ipam":{"type":"dhcp"}}""")]
    [InlineData("""{"cniType":"sriov","sriov":{"resourceName":"x/y"},"ipam":{"type":"dhcp"}}""")]
    [InlineData("""{"cniType":"ovs","ovs":{"bridge":"br1"},"ipam":{"type":"dhcp"}}""")]
    [InlineData("""{"cniType":"ipoib","ipoib":{"master":"ib0"},"ipam":{"type":"dhcp"}}""")]
    [InlineData("""{"cniType":"ib-sriov","ibsriov":{"resourceName":"x/y"},"ipam":{"type":"dhcp"}}""")]
    [InlineData("""{"cniType":"ipvlan","ipvlan":{"master":["ens192"]},"ipam":{"type":"dhcp"}}""")]
    public void Every_main_plugin_carries_the_chosen_ipam_in_both_profiles(string spec)
    {
        foreach (var profile in new[] { RenderProfile.Documented, RenderProfile.Spiderpool })
            Assert.Equal("""{"type":"dhcp"}""", JsonNode.Parse(MainPlugin(spec, profile))!["ipam"]!.ToJsonString());
    }

    [Fact]
    public void Spiderpool_type_renders_exactly_as_an_absent_ipam_in_both_profiles()
    {
        foreach (var profile in new[] { RenderProfile.Documented, RenderProfile.Spiderpool })
        {
            Assert.Equal(
                TestSmc.Config("net", """{"cniType":"macvlan","macvlan":{"master":["ens192"],"ippools":{"ipv4":["a"]}}}""", profile: profile),
                TestSmc.Config("net", """{"cniType":"macvlan","macvlan":{"master":["ens192"],"ippools":{"ipv4":["a"]}},"ipam":{"type":"spiderpool"}}""", profile: profile));
        }
    }

    [Theory]
    [InlineData("macvlan", null, "\"mode\":\"bridge\"")]
    [InlineData("macvlan", "passthru", "\"mode\":\"passthru\"")]
    [InlineData("ipvlan", "l3s", "\"mode\":\"l3s\"")]
    public void The_mode_is_written_after_master(string type, string? mode, string expected)
    {
        var modeJson = mode is null ? "" : $$""","mode":"{{mode}}" """;
        foreach (var profile in new[] { RenderProfile.Documented, RenderProfile.Spiderpool })
            Assert.StartsWith($$"""{"type":"{{type}}","master":"ens192",{{expected}},""", MainPlugin($$$"""{"cniType":"{{{type}}}","{{{type}}}":{"master":["ens192"]{{{modeJson}}}}}""", profile), StringComparison.Ordinal);
    }

    [Fact]
    public void Ipvlan_without_a_mode_writes_no_mode_key()
    {
        Assert.DoesNotContain("\"mode\"", MainPlugin("""{"cniType":"ipvlan","enableCoordinator":false,"ipvlan":{"master":["ens192"]}}"""), StringComparison.Ordinal);
    }
}
