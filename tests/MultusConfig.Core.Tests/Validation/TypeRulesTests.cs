using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Tests.Validation;

/// <summary>Rules of vlan, sriov, ib-sriov, ipoib, ovs and custom.</summary>
public class TypeRulesTests
{
    [Theory]
    [InlineData("vlan")]
    [InlineData("sriov")]
    [InlineData("ibsriov")]
    [InlineData("ipoib")]
    [InlineData("ovs")]
    public void Missing_block_is_required(string block)
    {
        var type = block == "ibsriov" ? "ib-sriov" : block;
        Rules.Validate("""{"cniType":"%type%"}""".Replace("%type%", type.ToString())).At($"spec.{block}", FieldErrorKind.Required);
    }

    [Fact]
    public void Vlan_manual_mode_needs_a_vlanID()
    {
        Rules.Validate("""{"cniType":"vlan","vlan":{"master":["eth0"],"vlanMode":"manual"}}""").At("spec.vlan.vlanID", FieldErrorKind.Required);
    }

    [Fact]
    public void Vlan_auto_mode_forbids_a_vlanID_even_zero()
    {
        Rules.Validate("""{"cniType":"vlan","vlan":{"master":["eth0"],"vlanMode":"auto","vlanID":0}}""").At("spec.vlan.vlanID", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Vlan_auto_mode_without_vlanID_is_accepted()
    {
        Rules.Validate("""{"cniType":"vlan","vlan":{"master":["eth0"],"vlanMode":"auto"}}""").Valid();
    }

    [Fact]
    public void Vlan_unknown_mode_is_not_supported()
    {
        Rules.Validate("""{"cniType":"vlan","vlan":{"master":["eth0"],"vlanMode":"trunk","vlanID":5}}""").At("spec.vlan.vlanMode", FieldErrorKind.NotSupported);
    }

    [Fact]
    public void Vlan_checks_range_mtu_pools_masters_and_other_blocks()
    {
        var errors = Rules.Validate("""{"cniType":"vlan","vlan":{"master":["a","b"],"vlanID":4095,"mtu":-5,"ippools":{"matchMasterSubnet":true}},"ovs":{"bridge":"br0"}}""");
        errors.At("spec.vlan.vlanID", FieldErrorKind.Invalid);
        errors.At("spec.vlan.mtu", FieldErrorKind.Invalid);
        errors.At("spec.vlan.ippools.matchMasterSubnet", FieldErrorKind.Invalid);
        errors.At("spec.vlan.bond", FieldErrorKind.Required);
        errors.At("spec.ovs", FieldErrorKind.Forbidden);
    }

    [Fact]
    public void Vlan_rdma_inject_needs_a_resource()
    {
        Rules.Validate("""{"cniType":"vlan","vlan":{"master":["eth0"],"vlanID":5,"ippools":{"ipv4":["p"]}}}""", """{"cni.spidernet.io/rdma-resource-inject":"x"}""")
            .At("spec.vlan.rdmaResourceName", FieldErrorKind.Required);
    }

    [Fact]
    public void Sriov_needs_a_resourceName()
    {
        Rules.Validate("""{"cniType":"sriov","sriov":{}}""").At("spec.sriov.resourceName", FieldErrorKind.Required);
        Rules.Validate("""{"cniType":"sriov","sriov":{"resourceName":""}}""").At("spec.sriov.resourceName", FieldErrorKind.Required);
    }

    [Fact]
    public void Sriov_min_rate_above_a_nonzero_max_rate_is_rejected()
    {
        var e = Rules.Validate("""{"cniType":"sriov","sriov":{"resourceName":"r/x","minTxRateMbps":200,"maxTxRateMbps":100}}""")
            .At("spec.sriov.minTxRateMbps", FieldErrorKind.Invalid);
        Assert.Equal("200", e.Value);
    }

    [Fact]
    public void Sriov_equal_rates_are_accepted()
    {
        Rules.Validate("""{"cniType":"sriov","sriov":{"resourceName":"r/x","minTxRateMbps":100,"maxTxRateMbps":100}}""").Valid();
    }

    [Fact]
    public void Sriov_checks_vlan_mtu_and_rates_are_not_negative()
    {
        var errors = Rules.Validate("""{"cniType":"sriov","sriov":{"resourceName":"r/x","vlanID":4095,"mtu":-1,"minTxRateMbps":-1,"maxTxRateMbps":-2}}""");
        errors.At("spec.sriov.vlanID");
        errors.At("spec.sriov.mtu");
        errors.At("spec.sriov.minTxRateMbps");
        errors.At("spec.sriov.maxTxRateMbps");
    }

    [Fact]
    public void Sriov_allows_matchMasterSubnet()
    {
        Rules.Validate("""{"cniType":"sriov","sriov":{"resourceName":"r/x","ippools":{"ipv4":["p"],"matchMasterSubnet":true}}}""").Valid();
    }

    [Fact]
    public void Sriov_inject_checks_use_resourceName()
    {
        Rules.Validate("""{"cniType":"sriov","sriov":{"resourceName":"r/x"}}""", """{"cni.spidernet.io/network-resource-inject":"x"}""")
            .At("spec.sriov.ippools", FieldErrorKind.Required);
    }

    [Fact]
    public void Sriov_forbids_other_blocks()
    {
        Rules.Validate("""{"cniType":"sriov","sriov":{"resourceName":"r/x"},"macvlan":{"master":["eth0"]}}""").At("spec.macvlan", FieldErrorKind.Forbidden);
    }

    [Fact]
    public void IbSriov_needs_a_resourceName_and_forbids_other_blocks()
    {
        var errors = Rules.Validate("""{"cniType":"ib-sriov","ibsriov":{},"ipoib":{"master":"ib0"}}""");
        errors.At("spec.ibsriov.resourceName", FieldErrorKind.Required);
        errors.At("spec.ipoib", FieldErrorKind.Forbidden);
    }

    [Fact]
    public void IbSriov_unknown_linkState_is_not_supported()
    {
        Rules.Validate("""{"cniType":"ib-sriov","ibsriov":{"resourceName":"r/x","linkState":"up"}}""").At("spec.ibsriov.linkState", FieldErrorKind.NotSupported);
    }

    [Fact]
    public void IbSriov_rdma_inject_needs_a_pool()
    {
        Rules.Validate("""{"cniType":"ib-sriov","ibsriov":{"resourceName":"r/x"}}""", """{"cni.spidernet.io/rdma-resource-inject":"x"}""")
            .At("spec.ibsriov.ippools", FieldErrorKind.Required);
    }

    [Fact]
    public void Ipoib_needs_a_master_that_is_an_interface_name()
    {
        Rules.Validate("""{"cniType":"ipoib","ipoib":{"master":""}}""").At("spec.ipoib.master", FieldErrorKind.Required);
        Rules.Validate("""{"cniType":"ipoib","ipoib":{"master":"ib 0"}}""").At("spec.ipoib.master", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Ipoib_forbids_other_blocks()
    {
        Rules.Validate("""{"cniType":"ipoib","ipoib":{"master":"ib0"},"sriov":{}}""").At("spec.sriov", FieldErrorKind.Forbidden);
    }

    [Fact]
    public void Ovs_forbids_inject_annotations()
    {
        Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":"br0"}}""", """{"cni.spidernet.io/rdma-resource-inject":"x"}""")
            .At("metadata.annotations[cni.spidernet.io/rdma-resource-inject]", FieldErrorKind.Forbidden);
    }

    [Fact]
    public void Ovs_vlan_outside_0_to_4094_is_rejected()
    {
        Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":"br0","vlan":4095}}""").At("spec.ovs.vlan", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Ovs_trunk_min_above_max_is_rejected()
    {
        Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":"br0","trunk":[{"minID":20,"maxID":10}]}}""").At("spec.ovs.trunk[0].minID", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Ovs_trunk_ids_above_4094_are_rejected()
    {
        var errors = Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":"br0","trunk":[{"minID":4095,"maxID":4096},{"id":4095}]}}""");
        errors.At("spec.ovs.trunk[0].minID", FieldErrorKind.Invalid);
        errors.At("spec.ovs.trunk[0].maxID", FieldErrorKind.Invalid);
        errors.At("spec.ovs.trunk[1].id", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Ovs_empty_trunk_entry_is_rejected()
    {
        Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":"br0","trunk":[{}]}}""").At("spec.ovs.trunk[0]", FieldErrorKind.Required);
    }

    [Fact]
    public void Ovs_deviceID_must_be_a_pci_address()
    {
        Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":"br0","deviceID":"eth0"}}""").At("spec.ovs.deviceID", FieldErrorKind.Invalid);
        Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":"br0","deviceID":"0000:3b:02.0"}}""").Valid();
    }

    [Fact]
    public void Ovs_forbids_other_blocks()
    {
        Rules.Validate("""{"cniType":"ovs","ovs":{"bridge":"br0"},"vlan":{"master":["eth0"]}}""").At("spec.vlan", FieldErrorKind.Forbidden);
    }

    [Fact]
    public void Custom_forbids_inject_annotations()
    {
        Rules.Validate("""{"cniType":"custom"}""", """{"cni.spidernet.io/network-resource-inject":"x"}""")
            .At("metadata.annotations[cni.spidernet.io/network-resource-inject]", FieldErrorKind.Forbidden);
    }

    [Fact]
    public void Custom_forbids_typed_blocks()
    {
        Rules.Validate("""{"cniType":"custom","macvlan":{"master":["eth0"]}}""").At("spec.macvlan", FieldErrorKind.Forbidden);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"a\":1} trailing")]
    public void Custom_config_must_be_valid_json(string config)
    {
        var e = Rules.Validate("""{"cniType":"custom","customCNI":%c%}""".Replace("%c%", System.Text.Json.JsonSerializer.Serialize(config))).At("spec.customCNI", FieldErrorKind.Invalid);
        Assert.Contains("not valid JSON", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_with_no_config_is_accepted()
    {
        Rules.Validate("""{"cniType":"custom"}""").Valid();
        Rules.Validate("{}").Valid();
    }

    [Fact]
    public void Unknown_cniType_is_not_supported()
    {
        Rules.Validate("""{"cniType":"flannel"}""").At("spec.cniType", FieldErrorKind.NotSupported);
    }
}
