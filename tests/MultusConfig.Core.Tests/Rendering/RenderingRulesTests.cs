using MultusConfig.Core.Pipeline;

namespace MultusConfig.Core.Tests.Rendering;

/// <summary>Plugin order, presence and keys per section 6, in the documented profile unless named.</summary>
public class RenderingRulesTests
{
    [Fact]
    public void Single_master_with_vlan_gets_an_ifacer_and_a_dotted_master()
    {
        Assert.Equal(
            """{"cniVersion":"0.3.1","name":"m","plugins":[{"vlanID":100,"type":"ifacer","interfaces":["eth0"]},{"type":"macvlan","master":"eth0.100","mode":"bridge","mtu":1500,"ipam":{"type":"spiderpool","default_ipv4_ippool":["v4"]}},{"type":"coordinator"}]}""",
            TestSmc.Config("m", """{"cniType":"macvlan","macvlan":{"master":["eth0"],"vlanID":100,"mtu":1500,"ippools":{"ipv4":["v4"]}}}"""));
    }

    [Fact]
    public void Vlan_with_bond_gets_an_ifacer_without_vlan_and_uses_the_bond_as_master()
    {
        Assert.Equal(
            """{"cniVersion":"0.3.1","name":"v","plugins":[{"type":"ifacer","interfaces":["eth1","eth2"],"bond":{"name":"bond0","mode":1,"options":"primary=eth1"}},{"type":"vlan","master":"bond0","vlanMode":"manual","vlanId":300,"ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""",
            TestSmc.Config("v", """{"cniType":"vlan","vlan":{"master":["eth1","eth2"],"vlanID":300,"bond":{"name":"bond0","mode":1,"options":"primary=eth1"}}}"""));
    }

    [Fact]
    public void Vlan_auto_mode_renders_no_vlanId()
    {
        Assert.Contains("""{"type":"vlan","master":"eth0","vlanMode":"auto","ipam":""", TestSmc.Config("v", """{"cniType":"vlan","vlan":{"master":["eth0"],"vlanMode":"auto"}}"""), StringComparison.Ordinal);
    }

    [Fact]
    public void Sriov_documented_writes_vlan_and_rates_as_the_reference_does_and_match_master_subnet_when_true()
    {
        Assert.Equal(
            """{"cniVersion":"0.3.1","name":"s","plugins":[{"vlan":0,"min_tx_rate":100,"max_tx_rate":0,"type":"sriov","ipam":{"type":"spiderpool","default_ipv4_ippool":["p"],"match_master_subnet":true}},{"type":"coordinator"}]}""",
            TestSmc.Config("s", """{"cniType":"sriov","sriov":{"resourceName":"r/x","minTxRateMbps":100,"ippools":{"ipv4":["p"],"matchMasterSubnet":true}}}"""));
    }

    [Fact]
    public void Sriov_tuning_comes_after_the_coordinator_and_chained_plugins_before_it()
    {
        Assert.Equal(
            """{"cniVersion":"0.3.1","name":"s","plugins":[{"vlan":0,"min_tx_rate":0,"max_tx_rate":0,"type":"sriov","ipam":{"type":"spiderpool"}},{"type":"rdma"},{"type":"bandwidth"},{"type":"coordinator"},{"type":"tuning","mtu":9000}]}""",
            TestSmc.Config("s", """{"cniType":"sriov","sriov":{"resourceName":"r/x","mtu":9000,"rdmaIsolation":true},"chainCNIJsonData":["{\"type\":\"bandwidth\"}"]}"""));
    }

    [Fact]
    public void IbSriov_documented_drops_empty_pkey_and_false_ibKubernetesEnabled()
    {
        Assert.Equal(
            """{"cniVersion":"0.3.1","name":"ib","plugins":[{"type":"ib-sriov","link_state":"enable","rdmaIsolation":true,"ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""",
            TestSmc.Config("ib", """{"cniType":"ib-sriov","ibsriov":{"resourceName":"r/x","pkey":"","enableIbKubernetes":false}}"""));
    }

    [Fact]
    public void Ovs_trunk_entries_keep_only_the_keys_set()
    {
        Assert.Contains("""{"type":"ovs","bridge":"br1","ipam":{"type":"spiderpool"},"trunk":[{"minID":10,"maxID":20},{"id":30}]}""",
            TestSmc.Config("o", """{"cniType":"ovs","ovs":{"bridge":"br1","trunk":[{"minID":10,"maxID":20},{"id":30}]}}"""), StringComparison.Ordinal);
    }

    [Fact]
    public void Documented_coordinator_carries_every_option_the_user_set_in_reference_order()
    {
        Assert.EndsWith(
            """{"txQueueLen":1000,"vethLinkAddress":"169.254.1.1","vethMTU":1400,"tunePodRoutes":false,"podMACPrefix":"0a:1b","mode":"underlay","type":"coordinator","podDefaultRouteNic":"net1","podRPFilter":2,"hostRuleTable":700,"hijackCIDR":["10.96.0.0/12"],"policyRoutes":[{"dst":"10.0.0.0/8","gw":"10.1.0.1"}]}]}""",
            TestSmc.Config("c", """{"cniType":"macvlan","macvlan":{"master":["e"]},"coordinator":{"mode":"underlay","podCIDRType":"cluster","hijackCIDR":["10.96.0.0/12"],"policyRoutes":[{"dst":"10.0.0.0/8","gw":"10.1.0.1"}],"podMACPrefix":"0a:1b","tunePodRoutes":false,"podDefaultRouteNIC":"net1","hostRuleTable":700,"podRPFilter":2,"txQueueLen":1000,"vethLinkAddress":"169.254.1.1","vethMTU":1400}}"""));
    }

    [Fact]
    public void Cniconfig_name_replaces_the_conflist_name_but_not_the_nad_name()
    {
        var result = TestSmc.Process("n", """{"cniType":"macvlan","macvlan":{"master":["e"]}}""", """{"cni.spidernet.io/cniconfig-name":"blue"}""");
        Assert.StartsWith("""{"cniVersion":"0.3.1","name":"blue",""", result.Nad!.Spec.Config, StringComparison.Ordinal);
        Assert.Equal("n", result.Nad.Metadata.Name);
    }

    [Fact]
    public void Nad_owner_reference_points_at_the_smc_as_controller()
    {
        var manifest = TestSmc.Manifest("n", """{"cniType":"macvlan","macvlan":{"master":["e"]}}""");
        manifest["metadata"]!["uid"] = "1234";
        var owner = SmcProcessor.Process(manifest, "default", RenderProfile.Documented).Nad!.Metadata.OwnerReferences.Single();
        Assert.Equal(("spiderpool.spidernet.io/v2beta1", "SpiderMultusConfig", "n", "1234", true, true),
            (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
    }

    [Fact]
    public void Last_applied_configuration_is_not_copied_but_other_annotations_are()
    {
        var nad = TestSmc.Process("n", """{"cniType":"macvlan","macvlan":{"master":["e"]}}""",
            """{"kubectl.kubernetes.io/last-applied-configuration":"{}","team":"blue"}""").Nad!;
        Assert.Equal(new Dictionary<string, string> { ["team"] = "blue" }, nad.Metadata.Annotations);
    }

    [Fact]
    public void Nad_has_no_labels()
    {
        var manifest = TestSmc.Manifest("n", """{"cniType":"macvlan","macvlan":{"master":["e"]}}""");
        manifest["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["app"] = "x" };
        Assert.Null(SmcProcessor.Process(manifest, "default", RenderProfile.Documented).Nad!.Metadata.Labels);
    }

    [Fact]
    public void Spiderpool_profile_custom_forces_coordinator_off_and_ignores_chain()
    {
        Assert.Equal("""{"type":"bridge"}""", TestSmc.Config("c", """{"cniType":"custom","customCNI":"{\"type\":\"bridge\"}"}""", profile: RenderProfile.Spiderpool));
    }
}

/// <summary>Bare addresses in the coordinator's CIDR lists become single-address prefixes (the coordinator parses CIDRs).</summary>
public class CoordinatorPrefixTests
{
    [Fact]
    public void Documented_profile_writes_bare_hijack_and_route_addresses_as_host_prefixes()
    {
        var config = TestSmc.Config("c", """{"cniType":"macvlan","macvlan":{"master":["e"]},"coordinator":{"hijackCIDR":["169.254.25.10","fd00::10","10.0.0.0/8"],"policyRoutes":[{"dst":"10.9.9.9","gw":"10.1.0.1"}]}}""");
        Assert.Contains("\"hijackCIDR\":[\"169.254.25.10/32\",\"fd00::10/128\",\"10.0.0.0/8\"]", config, StringComparison.Ordinal);
        Assert.Contains("{\"dst\":\"10.9.9.9/32\",\"gw\":\"10.1.0.1\"}", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Spiderpool_profile_keeps_a_bare_route_destination_as_the_reference_writes_it()
    {
        // The coordinator reads a route dst with ParseIPOrCIDR, so a bare address works there: no reason to change the bytes.
        var result = TestSmc.Process("c", """{"cniType":"macvlan","macvlan":{"master":["e"]},"coordinator":{"policyRoutes":[{"dst":"10.9.9.9","gw":"10.1.0.1"}]}}""", profile: RenderProfile.Spiderpool);
        Assert.Contains("{\"dst\":\"10.9.9.9\",\"gw\":\"10.1.0.1\"}", result.Nad!.Spec.Config, StringComparison.Ordinal);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Documented_profile_notes_each_address_it_writes_as_a_prefix()
    {
        var result = TestSmc.Process("c", """{"cniType":"macvlan","macvlan":{"master":["e"]},"coordinator":{"hijackCIDR":["fd00::10","10.0.0.0/8"],"policyRoutes":[{"dst":"10.9.0.0/16","gw":"10.1.0.1"},{"dst":"10.9.9.9","gw":"10.1.0.1"}]}}""");
        Assert.Equal(
            ["spec.coordinator.hijackCIDR[0]: fd00::10 is written as fd00::10/128", "spec.coordinator.policyRoutes[1].dst: 10.9.9.9 is written as 10.9.9.9/32"],
            result.Notes.Select(n => n.ToString()));
    }

    [Fact]
    public void No_note_when_the_coordinator_is_not_rendered()
    {
        var result = TestSmc.Process("c", """{"cniType":"macvlan","enableCoordinator":false,"macvlan":{"master":["e"]},"coordinator":{"hijackCIDR":["169.254.25.10"]}}""");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Empty(result.Notes);
    }
}
