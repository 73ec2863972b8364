using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Tests.Validation;

public class CoordinatorRulesTests
{
    private static List<FieldError> Coordinator(string json) =>
        Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["eth0"]},"coordinator":%json%}""".Replace("%json%", json.ToString()));

    [Fact]
    public void Unknown_mode_and_podCIDRType_are_not_supported()
    {
        var errors = Coordinator("""{"mode":"fast","podCIDRType":"weave"}""");
        errors.At("spec.coordinator.mode", FieldErrorKind.NotSupported);
        errors.At("spec.coordinator.podCIDRType", FieldErrorKind.NotSupported);
    }

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("169.254.25.10")]
    [InlineData("fd00::/64")]
    [InlineData("2001:db8::1")]
    public void HijackCIDR_accepts_addresses_and_prefixes(string cidr)
    {
        Coordinator("""{"hijackCIDR":["%cidr%"]}""".Replace("%cidr%", cidr.ToString())).Valid();
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0")]
    [InlineData("1")]
    [InlineData("010.0.0.1")]
    [InlineData("fd00::/129")]
    [InlineData("example.com")]
    public void HijackCIDR_rejects_what_is_not_an_address_or_prefix_with_its_index(string cidr)
    {
        var e = Coordinator("""{"hijackCIDR":["10.1.0.0/16","%cidr%"]}""".Replace("%cidr%", cidr.ToString())).At("spec.coordinator.hijackCIDR[1]", FieldErrorKind.Invalid);
        Assert.Contains(cidr, e.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyRoute_dst_and_gw_must_parse()
    {
        var errors = Coordinator("""{"policyRoutes":[{"dst":"nope","gw":"also-nope"}]}""");
        errors.At("spec.coordinator.policyRoutes[0].dst", FieldErrorKind.Invalid);
        errors.At("spec.coordinator.policyRoutes[0].gw", FieldErrorKind.Invalid);
    }

    [Fact]
    public void PolicyRoute_dst_and_gw_must_share_the_ip_family()
    {
        Coordinator("""{"policyRoutes":[{"dst":"10.0.0.0/8","gw":"fd00::1"}]}""").At("spec.coordinator.policyRoutes[0]", FieldErrorKind.Invalid);
    }

    [Fact]
    public void PolicyRoute_gw_may_carry_a_zone()
    {
        Coordinator("""{"policyRoutes":[{"dst":"fd00::/64","gw":"fe80::1%eth0"}]}""").Valid();
    }

    [Theory]
    [InlineData("0a:1b")]
    [InlineData("FE:00")]
    public void PodMACPrefix_accepts_two_unicast_hex_bytes(string prefix)
    {
        Coordinator("""{"podMACPrefix":"%prefix%"}""".Replace("%prefix%", prefix.ToString())).Valid();
    }

    [Theory]
    [InlineData("0a:1b:2c")]
    [InlineData("a:1b")]
    [InlineData("zz:00")]
    public void PodMACPrefix_rejects_malformed_prefixes(string prefix)
    {
        Coordinator("""{"podMACPrefix":"%prefix%"}""".Replace("%prefix%", prefix.ToString())).At("spec.coordinator.podMACPrefix", FieldErrorKind.Invalid);
    }

    [Fact]
    public void PodMACPrefix_rejects_a_multicast_first_byte()
    {
        var e = Coordinator("""{"podMACPrefix":"01:00"}""").At("spec.coordinator.podMACPrefix", FieldErrorKind.Invalid);
        Assert.Contains("unicast", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_txQueueLen_is_rejected()
    {
        Coordinator("""{"txQueueLen":-1}""").At("spec.coordinator.txQueueLen", FieldErrorKind.Invalid);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(100)]
    public void PodRPFilter_above_2_is_not_supported(int value)
    {
        Coordinator("""{"podRPFilter":%value%}""".Replace("%value%", value.ToString(System.Globalization.CultureInfo.InvariantCulture))).At("spec.coordinator.podRPFilter", FieldErrorKind.NotSupported);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(2)]
    public void PodRPFilter_negative_or_0_to_2_is_accepted(int value)
    {
        Coordinator("""{"podRPFilter":%value%}""".Replace("%value%", value.ToString(System.Globalization.CultureInfo.InvariantCulture))).Valid();
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("10.0.0.1")]
    public void VethLinkAddress_must_be_an_ipv4_link_local_address(string address)
    {
        Coordinator("""{"vethLinkAddress":"%address%"}""".Replace("%address%", address.ToString())).At("spec.coordinator.vethLinkAddress", FieldErrorKind.Invalid);
    }

    [Fact]
    public void VethLinkAddress_accepts_ipv4_link_local()
    {
        Coordinator("""{"vethLinkAddress":"169.254.100.1"}""").Valid();
    }

    [Fact]
    public void VethMTU_must_be_positive()
    {
        Coordinator("""{"vethMTU":0}""").At("spec.coordinator.vethMTU", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Coordinator_is_validated_even_when_disabled()
    {
        Rules.Validate("""{"cniType":"macvlan","enableCoordinator":false,"macvlan":{"master":["eth0"]},"coordinator":{"txQueueLen":-1}}""")
            .At("spec.coordinator.txQueueLen");
    }

    [Fact]
    public void All_coordinator_errors_are_reported_at_once()
    {
        var errors = Coordinator("""{"txQueueLen":-1,"podRPFilter":7,"vethMTU":-3,"podMACPrefix":"x","hijackCIDR":["bad"]}""");
        Assert.Equal(5, errors.Count);
    }
}
