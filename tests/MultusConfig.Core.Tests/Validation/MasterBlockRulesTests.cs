using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Tests.Validation;

/// <summary>macvlan and ipvlan: same schema, same rules.</summary>
public class MasterBlockRulesTests
{
    [Theory]
    [InlineData("macvlan")]
    [InlineData("ipvlan")]
    public void Missing_block_is_required(string type)
    {
        Rules.Validate("""{"cniType":"%type%"}""".Replace("%type%", type.ToString())).At($"spec.{type}", FieldErrorKind.Required);
    }

    [Theory]
    [InlineData("macvlan", -1)]
    [InlineData("macvlan", 4095)]
    [InlineData("ipvlan", 5000)]
    public void VlanID_outside_0_to_4094_is_rejected(string type, int vlan)
    {
        Rules.Validate("""{"cniType":"%type%","%type%":{"master":["eth0"],"vlanID":%vlan%}}""".Replace("%type%", type.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("%vlan%", vlan.ToString(System.Globalization.CultureInfo.InvariantCulture))).At($"spec.{type}.vlanID", FieldErrorKind.Invalid);
    }

    [Theory]
    [InlineData("macvlan")]
    [InlineData("ipvlan")]
    public void Negative_mtu_is_rejected(string type)
    {
        Rules.Validate("""{"cniType":"%type%","%type%":{"master":["eth0"],"mtu":-1}}""".Replace("%type%", type.ToString())).At($"spec.{type}.mtu", FieldErrorKind.Invalid);
    }

    [Theory]
    [InlineData("macvlan")]
    [InlineData("ipvlan")]
    public void MatchMasterSubnet_is_not_supported(string type)
    {
        var e = Rules.Validate("""{"cniType":"%type%","%type%":{"master":["eth0"],"ippools":{"matchMasterSubnet":true}}}""".Replace("%type%", type.ToString()))
            .At($"spec.{type}.ippools.matchMasterSubnet", FieldErrorKind.Invalid);
        Assert.Contains(type, e.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("macvlan")]
    [InlineData("ipvlan")]
    public void Empty_master_list_is_required(string type)
    {
        Rules.Validate("""{"cniType":"%type%","%type%":{"master":[]}}""".Replace("%type%", type.ToString())).At($"spec.{type}.master", FieldErrorKind.Required);
    }

    [Fact]
    public void Two_masters_without_bond_need_a_bond()
    {
        Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["eth0","eth1"]}}""").At("spec.macvlan.bond", FieldErrorKind.Required);
    }

    [Fact]
    public void Two_masters_with_an_unnamed_bond_need_a_bond_name()
    {
        Rules.Validate("""{"cniType":"ipvlan","ipvlan":{"master":["eth0","eth1"],"bond":{"mode":1}}}""").At("spec.ipvlan.bond.name", FieldErrorKind.Required);
    }

    [Fact]
    public void One_master_needs_no_bond()
    {
        Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""").Valid();
    }

    [Theory]
    [InlineData("eth0/1")]
    [InlineData("eth 0")]
    [InlineData("averyveryverylongname")]
    [InlineData("..")]
    public void Master_must_be_a_valid_interface_name(string master)
    {
        Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["%master%"]}}""".Replace("%master%", master.ToString())).At("spec.macvlan.master[0]", FieldErrorKind.Invalid);
    }

    [Fact]
    public void A_master_listed_twice_is_rejected()
    {
        Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["eth0","eth0"],"bond":{"name":"bond0","mode":1}}}""").At("spec.macvlan.master[1]");
    }

    [Fact]
    public void Bond_name_must_be_a_valid_interface_name()
    {
        Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["eth0","eth1"],"bond":{"name":"bond:0","mode":1}}}""").At("spec.macvlan.bond.name", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Bond_mode_outside_0_to_6_is_rejected()
    {
        Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["eth0","eth1"],"bond":{"name":"bond0","mode":7}}}""").At("spec.macvlan.bond.mode", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Vlan_sub_interface_name_over_the_kernel_limit_is_rejected()
    {
        var e = Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["enp175s0f1np1"],"vlanID":100}}""").At("spec.macvlan.vlanID", FieldErrorKind.Invalid);
        Assert.Contains("enp175s0f1np1.100", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Vlan_sub_interface_name_within_the_kernel_limit_is_accepted()
    {
        Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["enp175s0f1"],"vlanID":4094}}""").Valid();
    }

    [Theory]
    [InlineData("ipvlan")]
    [InlineData("vlan")]
    [InlineData("sriov")]
    [InlineData("ibsriov")]
    [InlineData("ipoib")]
    [InlineData("ovs")]
    public void Another_types_block_is_forbidden_at_its_own_path(string other)
    {
        var e = Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["eth0"]},"%other%":{}}""".Replace("%other%", other.ToString())).At($"spec.{other}", FieldErrorKind.Forbidden);
        Assert.Contains("cniType is macvlan", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomCNI_is_forbidden_for_a_typed_cni()
    {
        Rules.Validate("""{"cniType":"ipvlan","ipvlan":{"master":["eth0"]},"customCNI":"{}"}""").At("spec.customCNI", FieldErrorKind.Forbidden);
    }

    [Fact]
    public void Rdma_inject_needs_rdmaResourceName_and_a_pool()
    {
        var errors = Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""", """{"cni.spidernet.io/rdma-resource-inject":"gpu"}""");
        errors.At("spec.macvlan.rdmaResourceName", FieldErrorKind.Required);
        errors.At("spec.macvlan.ippools", FieldErrorKind.Required);
    }

    [Fact]
    public void Rdma_inject_with_resource_and_pool_is_accepted()
    {
        Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["eth0"],"rdmaResourceName":"rdma/hca","ippools":{"ipv4":["p"]}}}""",
            """{"cni.spidernet.io/rdma-resource-inject":"gpu"}""").Valid();
    }

    [Fact]
    public void Network_inject_with_a_resource_needs_a_pool()
    {
        Rules.Validate("""{"cniType":"ipvlan","ipvlan":{"master":["eth0"],"rdmaResourceName":"rdma/hca"}}""",
            """{"cni.spidernet.io/network-resource-inject":"net"}""").At("spec.ipvlan.ippools", FieldErrorKind.Required);
    }

    [Fact]
    public void Network_inject_without_a_resource_passes()
    {
        Rules.Validate("""{"cniType":"ipvlan","ipvlan":{"master":["eth0"]}}""", """{"cni.spidernet.io/network-resource-inject":"net"}""").Valid();
    }
}
