using MultusConfig.Core.Pipeline;

namespace MultusConfig.Core.Tests.Rendering;

/// <summary>The spec's worked examples E1 to E12 (section 6.11): the spiderpool profile must match them byte for byte.</summary>
public class SpiderpoolProfileWorkedExamplesTests
{
    private const string Coord = """{"txQueueLen":0,"tunePodRoutes":true,"mode":"auto","type":"coordinator"}""";

    public static TheoryData<string, string, string, string?, string> Examples => new()
    {
        { "E1 macvlan defaults", "net-a", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""", null,
            """{"cniVersion":"0.3.1","name":"net-a","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","mtu":0,"ipam":{"type":"spiderpool"}},""" + Coord + "]}" },
        { "E2 ipvlan ifacer bond vlan", "ipvlan-bond9", """{"cniType":"ipvlan","ipvlan":{"master":["eno1","eno2"],"vlanID":30,"bond":{"name":"bond9","mode":6,"options":"miimon=50"}}}""", null,
            """{"cniVersion":"0.3.1","name":"ipvlan-bond9","plugins":[{"vlanID":30,"type":"ifacer","interfaces":["eno1","eno2"],"bond":{"name":"bond9","mode":6,"options":"miimon=50"}},{"type":"ipvlan","master":"bond9.30","mtu":0,"ipam":{"type":"spiderpool"}},""" + Coord + "]}" },
        { "E3 vlan pools", "vlan200", """{"cniType":"vlan","vlan":{"master":["eth2"],"vlanID":200,"ippools":{"ipv4":["p4"],"ipv6":["p6"]}}}""", null,
            """{"cniVersion":"0.3.1","name":"vlan200","plugins":[{"type":"vlan","master":"eth2","vlanMode":"manual","vlanId":200,"mtu":0,"ipam":{"type":"spiderpool","default_ipv4_ippool":["p4"],"default_ipv6_ippool":["p6"]}},""" + Coord + "]}" },
        { "E4 sriov rdma mtu", "vf-net", """{"cniType":"sriov","sriov":{"resourceName":"example.com/vf_pool","vlanID":5,"mtu":1500,"rdmaIsolation":true}}""", null,
            """{"cniVersion":"0.3.1","name":"vf-net","plugins":[{"vlan":5,"min_tx_rate":0,"max_tx_rate":0,"type":"sriov","ipam":{"type":"spiderpool"}},{"type":"rdma"},""" + Coord + """,{"type":"tuning","mtu":1500}]}""" },
        { "E5 ib-sriov", "ib-net", """{"cniType":"ib-sriov","ibsriov":{"resourceName":"example.com/ib_vf","pkey":"0x7fff"}}""", null,
            """{"cniVersion":"0.3.1","name":"ib-net","plugins":[{"type":"ib-sriov","pkey":"0x7fff","link_state":"enable","rdmaIsolation":true,"ibKubernetesEnabled":false,"ipam":{"type":"spiderpool"}},""" + Coord + "]}" },
        { "E6 ipoib no ipam", "ipoib-net", """{"cniType":"ipoib","disableIPAM":true,"ipoib":{"master":"ib1"}}""", null,
            """{"cniVersion":"0.3.1","name":"ipoib-net","plugins":[{"type":"ipoib","master":"ib1"},""" + Coord + "]}" },
        { "E7 ovs", "ovs-net", """{"cniType":"ovs","ovs":{"bridge":"br-ex"}}""", null,
            """{"cniVersion":"0.3.1","name":"ovs-net","plugins":[{"vlan":0,"type":"ovs","bridge":"br-ex","ipam":{"type":"spiderpool"}},""" + Coord + "]}" },
        { "E7 ovs deviceID", "ovs-net", """{"cniType":"ovs","ovs":{"bridge":"br-ex","deviceID":"0000:3b:02.0"}}""", null,
            """{"cniVersion":"0.3.1","name":"ovs-net","plugins":[{"vlan":0,"type":"ovs","bridge":"br-ex","deviceID":"0000:3b:02.0","ipam":{"type":"spiderpool"}},""" + Coord + "]}" },
        { "E8 custom verbatim", "custom-net", """{"cniType":"custom","customCNI":"{\"cniVersion\":\"0.3.1\", \"type\":\"bridge\"}"}""", null,
            """{"cniVersion":"0.3.1", "type":"bridge"}""" },
        { "E8 empty spec", "custom-empty", "{}", null, "" },
        { "E8 no spec", "custom-none", "", null, "" },
        { "E9 coordinator options", "net-c", """{"cniType":"macvlan","macvlan":{"master":["ens192"]},"coordinator":{"mode":"overlay","podCIDRType":"calico","podRPFilter":-1,"hijackCIDR":["10.233.0.0/18"],"txQueueLen":500,"podDefaultRouteNIC":"eth0","hostRuleTable":600}}""", null,
            """{"cniVersion":"0.3.1","name":"net-c","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","mtu":0,"ipam":{"type":"spiderpool"}},{"txQueueLen":500,"tunePodRoutes":true,"mode":"overlay","type":"coordinator","podDefaultRouteNic":"eth0","podRPFilter":-1,"hijackCIDR":["10.233.0.0/18"]}]}""" },
        { "E10 chained plugins", "net-d", """{"cniType":"macvlan","macvlan":{"master":["ens192"]},"chainCNIJsonData":["{\"type\":\"tuning\",\"sysctl\":{\"net.ipv4.conf.all.arp_notify\":\"1\"}}","{ \"type\": \"bandwidth\", \"capabilities\": {\"bandwidth\": true} }"]}""", null,
            """{"cniVersion":"0.3.1","name":"net-d","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","mtu":0,"ipam":{"type":"spiderpool"}},{"sysctl":{"net.ipv4.conf.all.arp_notify":"1"},"type":"tuning"},{"capabilities":{"bandwidth":true},"type":"bandwidth"},""" + Coord + "]}" },
        { "E11 annotations", "smc-x", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""", """{"multus.spidernet.io/cr-name":"blue-net","multus.spidernet.io/cni-version":"0.4.0"}""",
            """{"cniVersion":"0.4.0","name":"blue-net","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","mtu":0,"ipam":{"type":"spiderpool"}},""" + Coord + "]}" },
        { "E12 ipam and coordinator off", "net-e", """{"cniType":"macvlan","disableIPAM":true,"enableCoordinator":false,"macvlan":{"master":["ens192"],"mtu":1400}}""", null,
            """{"cniVersion":"0.3.1","name":"net-e","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","mtu":1400}]}""" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Spiderpool_profile_reproduces_the_worked_example_byte_for_byte(string example, string name, string spec, string? annotations, string expected)
    {
        Assert.NotEmpty(example);
        Assert.Equal(expected, TestSmc.Config(name, spec, annotations, RenderProfile.Spiderpool));
    }

    [Fact]
    public void E11_names_the_nad_after_cr_name_and_copies_both_annotations()
    {
        var result = TestSmc.Process("smc-x", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""",
            """{"multus.spidernet.io/cr-name":"blue-net","multus.spidernet.io/cni-version":"0.4.0"}""", RenderProfile.Spiderpool);
        var nad = result.Nad!;
        Assert.Equal("blue-net", nad.Metadata.Name);
        Assert.Equal("team1", nad.Metadata.NamespaceProperty);
        Assert.Equal("blue-net", nad.Metadata.Annotations["multus.spidernet.io/cr-name"]);
        Assert.Equal("0.4.0", nad.Metadata.Annotations["multus.spidernet.io/cni-version"]);
    }

    [Theory]
    [InlineData("""{"cniType":"sriov","sriov":{"resourceName":"example.com/vf_pool"}}""", "example.com/vf_pool")]
    [InlineData("""{"cniType":"ib-sriov","ibsriov":{"resourceName":"example.com/ib_vf"}}""", "example.com/ib_vf")]
    [InlineData("""{"cniType":"ovs","ovs":{"bridge":"br-ex","deviceID":"0000:3b:02.0"}}""", "ovs-cni.network.kubevirt.io/br-ex")]
    public void Device_plugin_types_carry_the_resourceName_annotation(string spec, string resource)
    {
        var nad = TestSmc.Process("n", spec, profile: RenderProfile.Spiderpool).Nad!;
        Assert.Equal(resource, nad.Metadata.Annotations["k8s.v1.cni.cncf.io/resourceName"]);
    }

    [Fact]
    public void Ovs_without_deviceID_has_no_annotations()
    {
        var nad = TestSmc.Process("ovs-net", """{"cniType":"ovs","ovs":{"bridge":"br-ex"}}""", profile: RenderProfile.Spiderpool).Nad!;
        Assert.Null(nad.Metadata.Annotations);
    }
}
