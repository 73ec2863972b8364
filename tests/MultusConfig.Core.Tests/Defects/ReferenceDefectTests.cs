using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;
using MultusConfig.Core.Tests.Validation;
using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Tests.Defects;

/// <summary>
/// One test per defect of the reference (spec section 8) that user input can reach: each proves we do
/// the right thing instead. Controller-only defects (D10-D15, D26, D27, D30) belong to the operator.
/// </summary>
public class ReferenceDefectTests
{
    private const string Macvlan = """{"cniType":"macvlan","macvlan":{"master":["ens192"]}""";

    [Fact]
    public void D1_podRPFilter_is_rendered_without_podCIDRType_in_the_documented_profile()
    {
        var config = TestSmc.Config("n", Macvlan + ""","coordinator":{"podRPFilter":1}}""");
        Assert.Contains("\"podRPFilter\":1", config, StringComparison.Ordinal);
    }

    [Fact]
    public void D1_spiderpool_profile_keeps_the_reference_gate_for_byte_compatibility()
    {
        var config = TestSmc.Config("n", Macvlan + ""","coordinator":{"podRPFilter":1}}""", profile: RenderProfile.Spiderpool);
        Assert.DoesNotContain("podRPFilter", config, StringComparison.Ordinal);
    }

    [Fact]
    public void D2_hostRuleTable_set_by_the_user_reaches_the_coordinator_in_the_documented_profile()
    {
        var config = TestSmc.Config("n", Macvlan + ""","coordinator":{"hostRuleTable":600}}""");
        Assert.EndsWith("""{"type":"coordinator","hostRuleTable":600}]}""", config, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RenderProfile.Documented)]
    [InlineData(RenderProfile.Spiderpool)]
    public void D4_coordinator_mode_disabled_is_rendered_as_the_binarys_disable(RenderProfile profile)
    {
        var config = TestSmc.Config("n", Macvlan + ""","coordinator":{"mode":"disabled"}}""", profile: profile);
        Assert.Contains("\"mode\":\"disable\"", config, StringComparison.Ordinal);
        Assert.DoesNotContain("disabled", config, StringComparison.Ordinal);
    }

    [Fact]
    public void D5_unset_coordinator_options_are_left_to_the_cluster_default()
    {
        var config = TestSmc.Config("n", Macvlan + ""","coordinator":{"podMACPrefix":"0a:1b"}}""");
        Assert.EndsWith("""{"podMACPrefix":"0a:1b","type":"coordinator"}]}""", config, StringComparison.Ordinal);
    }

    [Fact]
    public void D3_cniconfig_name_is_validated_as_a_cni_network_name()
    {
        Assert.Contains(TestSmc.Errors("n", Macvlan + "}", """{"cni.spidernet.io/cniconfig-name":"my net/1"}"""),
            e => e.StartsWith("metadata.annotations[cni.spidernet.io/cniconfig-name]: Invalid value", StringComparison.Ordinal));
    }

    [Fact]
    public void D6_negative_sriov_mtu_is_reported_on_the_sriov_field_without_crashing()
    {
        Rules.Validate("""{"cniType":"sriov","sriov":{"resourceName":"r/x","mtu":-1}}""").At("spec.sriov.mtu", FieldErrorKind.Invalid);
    }

    [Fact]
    public void D7_ovs_trunk_maxID_without_minID_is_an_error_not_a_crash()
    {
        Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":"br0","trunk":[{"maxID":10}]}}""").At("spec.ovs.trunk[0].minID", FieldErrorKind.Required);
    }

    [Fact]
    public void D7_ovs_trunk_minID_without_maxID_is_rejected()
    {
        Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":"br0","trunk":[{"minID":10}]}}""").At("spec.ovs.trunk[0].maxID", FieldErrorKind.Required);
    }

    [Fact]
    public void D7_ovs_trunk_id_4095_is_rejected_like_every_other_vlan_id()
    {
        Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":"br0","trunk":[{"id":4095}]}}""").At("spec.ovs.trunk[0].id", FieldErrorKind.Invalid);
    }

    [Fact]
    public void D8_errors_carry_the_real_json_paths()
    {
        var errors = Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["a","b"],"vlanID":5000},"coordinator":{"hijackCIDR":["x"]},"chainCNIJsonData":["{}","{}"]}""");
        errors.At("spec.macvlan.vlanID");
        errors.At("spec.macvlan.bond");
        errors.At("spec.coordinator.hijackCIDR[0]");
        errors.At("spec.chainCNIJsonData[1]");
        Assert.DoesNotContain(errors, e => e.Path.Contains("Config", StringComparison.Ordinal) || e.Path.Contains("extraCIDR", StringComparison.Ordinal));
    }

    [Fact]
    public void D9_removing_cr_name_on_update_is_rejected()
    {
        Rules.Validate(Macvlan + "}", "{}", """{"multus.spidernet.io/cr-name":"blue"}""")
            .At("metadata.annotations[multus.spidernet.io/cr-name]", FieldErrorKind.Invalid);
    }

    [Fact]
    public void D16_chained_plugins_keep_key_order_numbers_and_escapes_in_the_documented_profile()
    {
        var config = TestSmc.Config("n", Macvlan + ""","chainCNIJsonData":["{ \"type\": \"tuning\", \"big\": 123456789012345678, \"s\": \"\\u00e9\\/\" }"]}""");
        Assert.Contains("""{"type":"tuning","big":123456789012345678,"s":"\u00e9\/"}""", config, StringComparison.Ordinal);
    }

    [Fact]
    public void D16_spiderpool_profile_renders_chained_numbers_as_the_reference_does()
    {
        var config = TestSmc.Config("n", Macvlan + ""","chainCNIJsonData":["{\"type\":\"t\",\"big\":123456789012345678,\"s\":\"\\u00e9\\/\"}"]}""", profile: RenderProfile.Spiderpool);
        Assert.Contains("""{"big":123456789012345680,"s":"é/","type":"t"}""", config, StringComparison.Ordinal);
    }

    [Fact]
    public void D16_a_number_outside_the_double_range_is_rejected_at_admission()
    {
        Assert.Contains(TestSmc.Errors("n", Macvlan + ""","chainCNIJsonData":["{\"type\":\"t\",\"x\":1e400}"]}"""),
            e => e.StartsWith("spec.chainCNIJsonData[0]: Invalid value", StringComparison.Ordinal) && e.Contains("1e400", StringComparison.Ordinal));
    }

    [Fact]
    public void D16_a_capitalised_well_known_key_is_rejected()
    {
        var e = Rules.Validate(Macvlan + ""","chainCNIJsonData":["{\"Type\":\"tuning\"}"]}""").At("spec.chainCNIJsonData[0]");
        Assert.Contains("must be written \"type\"", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void D16_duplicate_keys_are_rejected()
    {
        var e = Rules.Validate(Macvlan + ""","chainCNIJsonData":["{\"type\":\"a\",\"type\":\"b\"}"]}""").At("spec.chainCNIJsonData[0]");
        Assert.Contains("duplicate key", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void D17_rendering_an_object_that_never_met_a_webhook_does_not_throw()
    {
        var smc = new SpiderMultusConfig { Spec = new SpiderMultusConfigSpec { CniType = "macvlan", Macvlan = new MacvlanConfig { Master = ["a", "b"], VlanId = 7 } } };
        var result = NadRenderer.Render(smc, RenderProfile.Spiderpool);
        Assert.NotNull(result.Nad);
        Assert.Contains("\"master\":\".7\"", result.Nad!.Spec.Config, StringComparison.Ordinal);
    }

    [Fact]
    public void D17_rendering_without_spec_or_metadata_gives_an_empty_custom_config()
    {
        var result = NadRenderer.Render(new SpiderMultusConfig { Metadata = null! }, RenderProfile.Documented);
        Assert.Equal("", result.Nad!.Spec.Config);
    }

    [Fact]
    public void D18_vlan_manual_mode_without_vlanID_is_rejected_even_after_defaulting()
    {
        Assert.Contains(TestSmc.Errors("n", """{"cniType":"vlan","vlan":{"master":["eth0"]}}"""),
            e => e.StartsWith("spec.vlan.vlanID: Required value", StringComparison.Ordinal));
    }

    [Fact]
    public void D19_a_min_tx_rate_alone_is_accepted_because_max_0_means_unlimited()
    {
        Assert.Empty(TestSmc.Errors("n", """{"cniType":"sriov","sriov":{"resourceName":"r/x","minTxRateMbps":100}}"""));
    }

    [Theory]
    [InlineData("+a:00")]
    [InlineData("-2:00")]
    public void D20_signed_mac_prefixes_are_rejected(string prefix)
    {
        Rules.Validate(Macvlan + ""","coordinator":{"podMACPrefix":"%p%"}}""".Replace("%p%", prefix, StringComparison.Ordinal))
            .At("spec.coordinator.podMACPrefix", FieldErrorKind.Invalid);
    }

    [Theory]
    [InlineData("""{"cniType":"ib-sriov","ibsriov":{"resourceName":"r/x","ippools":{"matchMasterSubnet":true}}}""", "spec.ibsriov")]
    [InlineData("""{"cniType":"ipoib","ipoib":{"master":"ib0","ippools":{"matchMasterSubnet":true}}}""", "spec.ipoib")]
    [InlineData("""{"cniType":"ovs","ovs":{"bridge":"br0","ippools":{"matchMasterSubnet":true}}}""", "spec.ovs")]
    public void D21_matchMasterSubnet_is_rejected_where_it_would_be_ignored(string spec, string block)
    {
        Rules.Validate(spec).At(block + ".ippools.matchMasterSubnet", FieldErrorKind.Invalid);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"cniVersion\":\"0.3.1\"}")]
    [InlineData("{\"cniVersion\":\"0.3.1\",\"plugins\":[]}")]
    [InlineData("{\"plugins\":[{\"name\":\"x\"}]}")]
    public void D22_customCNI_must_be_a_cni_config_or_conflist(string config)
    {
        Rules.Validate("""{"cniType":"custom","customCNI":%c%}""".Replace("%c%", System.Text.Json.JsonSerializer.Serialize(config), StringComparison.Ordinal))
            .At("spec.customCNI", FieldErrorKind.Invalid);
    }

    [Fact]
    public void D22_custom_rejects_the_settings_it_would_ignore()
    {
        var errors = Rules.Validate("""{"cniType":"custom","customCNI":"{\"type\":\"bridge\"}","chainCNIJsonData":["{\"type\":\"tuning\"}"],"coordinator":{}}""",
            """{"multus.spidernet.io/cni-version":"1.0.0","cni.spidernet.io/cniconfig-name":"x"}""");
        errors.At("spec.chainCNIJsonData", FieldErrorKind.Forbidden);
        errors.At("spec.coordinator", FieldErrorKind.Forbidden);
        errors.At("metadata.annotations[multus.spidernet.io/cni-version]", FieldErrorKind.Forbidden);
        errors.At("metadata.annotations[cni.spidernet.io/cniconfig-name]", FieldErrorKind.Forbidden);
    }

    [Fact]
    public void D23_switching_from_custom_keeps_working_with_a_stale_empty_customCNI()
    {
        var update = Rules.Smc("""{"cniType":"macvlan","customCNI":"","enableCoordinator":true,"macvlan":{"master":["eth0"]}}""");
        var old = Rules.Smc("""{"cniType":"custom","customCNI":""}""");
        Assert.Empty(SmcValidator.Validate(update, old));
    }

    [Fact]
    public void D23_switching_type_reports_the_old_types_block_at_its_path()
    {
        Rules.Validate("""{"cniType":"ipvlan","ipvlan":{"master":["eth0"]},"macvlan":{"master":["eth0"]}}""").At("spec.macvlan", FieldErrorKind.Forbidden);
    }

    [Fact]
    public void D24_ipoib_inject_checks_do_not_use_master_as_a_resource_name()
    {
        var errors = Rules.Validate("""{"cniType":"ipoib","ipoib":{"master":"ib0"}}""", """{"cni.spidernet.io/rdma-resource-inject":"x"}""");
        errors.At("spec.ipoib.ippools", FieldErrorKind.Required);
        errors.NoneAt("spec.ipoib.master");
    }

    [Fact]
    public void D25_inject_label_is_mirrored_only_when_valid_and_removed_with_its_annotation()
    {
        var smc = Rules.Smc(Macvlan + "}", """{"cni.spidernet.io/rdma-resource-inject":"gpu-a"}""");
        Defaulting.StoredDefaults.Apply(smc);
        Assert.Equal("gpu-a", smc.Metadata.Labels["cni.spidernet.io/rdma-resource-inject"]);

        smc.Metadata.Annotations.Clear();
        Defaulting.StoredDefaults.Apply(smc);
        Assert.False(smc.Metadata.Labels.ContainsKey("cni.spidernet.io/rdma-resource-inject"));

        var invalid = Rules.Smc(Macvlan + "}", """{"cni.spidernet.io/rdma-resource-inject":"not valid!"}""");
        Defaulting.StoredDefaults.Apply(invalid);
        Assert.True(invalid.Metadata.Labels is null || !invalid.Metadata.Labels.ContainsKey("cni.spidernet.io/rdma-resource-inject"));
    }

    [Fact]
    public void D28_no_input_makes_validation_throw()
    {
        var smc = new SpiderMultusConfig { Metadata = null!, Spec = new SpiderMultusConfigSpec { CniType = "ovs", Ovs = new OvsConfig { Trunk = [null!, new Trunk { MaxId = 3 }] } } };
        var errors = SmcValidator.Validate(smc);
        errors.At("spec.ovs.trunk[0]");
        errors.At("spec.ovs.trunk[1].minID");
    }

    [Fact]
    public void D29_empty_ovs_bridge_is_rejected()
    {
        Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":""}}""").At("spec.ovs.bridge", FieldErrorKind.Required);
    }

    [Fact]
    public void D29_vethLinkAddress_rejects_ipv6_and_zoned_addresses()
    {
        Rules.Validate(Macvlan + ""","coordinator":{"vethLinkAddress":"fe80::1"}}""").At("spec.coordinator.vethLinkAddress");
        Rules.Validate(Macvlan + ""","coordinator":{"vethLinkAddress":"169.254.0.1%eth0"}}""").At("spec.coordinator.vethLinkAddress");
    }

    [Fact]
    public void D29_a_prefix_with_host_bits_is_rejected_with_the_canonical_form()
    {
        var e = Rules.Validate(Macvlan + ""","coordinator":{"hijackCIDR":["10.0.0.1/8"]}}""").At("spec.coordinator.hijackCIDR[0]");
        Assert.Contains("10.0.0.0/8", e.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RenderProfile.Documented)]
    [InlineData(RenderProfile.Spiderpool)]
    public void D31_a_bare_hijackCIDR_address_is_rendered_as_the_prefix_the_coordinator_parses(RenderProfile profile)
    {
        // The coordinator's ValidateRoutes parses every hijackCIDR entry with net.ParseCIDR: a bare address fails every pod.
        var config = TestSmc.Config("n", Macvlan + ""","coordinator":{"hijackCIDR":["169.254.25.10","fd00::10","10.96.0.0/12"]}}""", profile: profile);
        Assert.Contains("\"hijackCIDR\":[\"169.254.25.10/32\",\"fd00::10/128\",\"10.96.0.0/12\"]", config, StringComparison.Ordinal);
    }

    [Fact]
    public void D31_a_bare_hijackCIDR_address_is_reported_as_a_note_of_what_is_written()
    {
        var result = TestSmc.Process("n", Macvlan + ""","coordinator":{"hijackCIDR":["10.96.0.0/12","169.254.25.10"]}}""", profile: RenderProfile.Spiderpool);
        Assert.Equal(["spec.coordinator.hijackCIDR[1]: 169.254.25.10 is written as 169.254.25.10/32"], result.Notes.Select(n => n.ToString()));
    }

    [Fact]
    public void D29_required_resource_names_are_required_by_the_schema_too()
    {
        Assert.Contains(TestSmc.Errors("n", """{"cniType":"sriov","sriov":{"vlanID":1}}"""), e => e.StartsWith("spec.sriov.resourceName: Required value", StringComparison.Ordinal));
        Assert.Contains(TestSmc.Errors("n", """{"cniType":"ipoib","ipoib":{}}"""), e => e.StartsWith("spec.ipoib.master: Required value", StringComparison.Ordinal));
    }
}
