using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Tests.Validation;

/// <summary>spec.ipam and the interface modes (our extensions): each rule, with its path, and every error at once.</summary>
public class IpamRulesTests
{
    private static List<FieldError> Macvlan(string ipam, string extra = "", string block = "") =>
        Rules.Validate($$"""{"cniType":"macvlan","enableCoordinator":false,"macvlan":{"master":["ens192"]{{block}}},"ipam":{{ipam}}{{extra}}}""");

    [Theory]
    [InlineData("""{"type":"spiderpool"}""")]
    [InlineData("""{"type":"dhcp"}""")]
    [InlineData("""{"type":"static"}""")]
    [InlineData("""{"type":"static","addresses":[{"address":"10.250.0.10/24","gateway":"10.250.0.1"},{"address":"fd00::10/64"}],"routes":[{"dst":"0.0.0.0/0","gw":"10.250.0.1"}],"dns":{"nameservers":["10.0.0.53","fd00::53"],"domain":"a","search":["a"],"options":["ndots:2"]}}""")]
    [InlineData("""{"type":"host-local","ranges":[[{"subnet":"10.250.0.0/24","rangeStart":"10.250.0.10","rangeEnd":"10.250.0.10","gateway":"10.250.0.1"},{"subnet":"10.251.0.0/16"}],[{"subnet":"fd00::/64"}]],"routes":[{"dst":"fd99::/64"}],"dataDir":"/var/lib/cni/x"}""")]
    [InlineData("""{"type":"whereabouts","range":"10.250.0.0/24","rangeStart":"10.250.0.100","rangeEnd":"10.250.0.200","exclude":["10.250.0.128/28"],"gateway":"10.250.0.1","routes":[{"dst":"10.99.0.0/16","gw":"10.250.0.1"}]}""")]
    public void Valid_ipam_of_each_type_is_accepted(string ipam) => Macvlan(ipam).Valid();

    [Fact]
    public void Keys_of_another_ipam_type_are_forbidden_each_at_its_path()
    {
        var errors = Macvlan("""{"type":"static","ranges":[[{"subnet":"10.0.0.0/8"}]],"range":"10.0.0.0/8","dataDir":"/x","exclude":[]}""");
        foreach (var key in new[] { "ranges", "range", "dataDir", "exclude" })
            Assert.Contains("is not a key of ipam type static", errors.At("spec.ipam." + key, FieldErrorKind.Forbidden).Detail, StringComparison.Ordinal);
        errors.NoneAt("spec.ipam.addresses");
    }

    [Theory]
    [InlineData("dhcp")]
    [InlineData("spiderpool")]
    public void Dhcp_and_spiderpool_take_no_other_key(string type) =>
        Macvlan($$"""{"type":"{{type}}","routes":[{"dst":"10.0.0.0/8"}]}""").At("spec.ipam.routes", FieldErrorKind.Forbidden);

    [Fact]
    public void A_missing_or_unknown_type_is_reported()
    {
        Macvlan("""{}""").At("spec.ipam.type", FieldErrorKind.Required);
        Macvlan("""{"type":"calico-ipam"}""").At("spec.ipam.type", FieldErrorKind.NotSupported);
    }

    [Fact]
    public void Host_local_needs_a_range_set_and_each_set_a_range_and_each_range_a_subnet()
    {
        Macvlan("""{"type":"host-local"}""").At("spec.ipam.ranges", FieldErrorKind.Required);
        var errors = Macvlan("""{"type":"host-local","ranges":[[],[{"rangeStart":"10.0.0.1"}]]}""");
        errors.At("spec.ipam.ranges[0]", FieldErrorKind.Required);
        errors.At("spec.ipam.ranges[1][0].subnet", FieldErrorKind.Required);
    }

    [Fact]
    public void Host_local_ranges_are_parsed_strictly_with_every_error_at_once()
    {
        var errors = Macvlan("""{"type":"host-local","ranges":[[{"subnet":"10.250.0.1/24"},{"subnet":"10.251.0.0/24","rangeStart":"10.251.0.200","rangeEnd":"10.251.0.100","gateway":"10.9.0.1"},{"subnet":"fd00::/64"}],[{"subnet":"10.0.0.0/33"},{"subnet":"10.1.0.0/16","rangeStart":"10.1.0.010"}]],"dataDir":"relative/dir"}""");
        Assert.Contains("10.250.0.0/24", errors.At("spec.ipam.ranges[0][0].subnet", FieldErrorKind.Invalid).Detail, StringComparison.Ordinal);
        errors.At("spec.ipam.ranges[0][1].rangeStart", FieldErrorKind.Invalid);
        errors.At("spec.ipam.ranges[0][1].gateway", FieldErrorKind.Invalid);
        Assert.Contains("one family per range set", errors.At("spec.ipam.ranges[0][2].subnet").Detail, StringComparison.Ordinal);
        errors.At("spec.ipam.ranges[1][0].subnet", FieldErrorKind.Invalid);
        errors.At("spec.ipam.ranges[1][1].rangeStart", FieldErrorKind.Invalid);
        errors.At("spec.ipam.dataDir", FieldErrorKind.Invalid);
        Assert.Equal(7, errors.Count);
    }

    [Fact]
    public void Range_bounds_of_another_family_than_their_subnet_are_outside_it()
    {
        Macvlan("""{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/8","rangeEnd":"fd00::1"}]]}""").At("spec.ipam.ranges[0][0].rangeEnd", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Routes_need_a_canonical_destination_and_a_gateway_of_its_family()
    {
        var errors = Macvlan("""{"type":"whereabouts","range":"10.250.0.0/24","routes":[{"gw":"10.250.0.1"},{"dst":"10.99.0.1/16"},{"dst":"10.99.0.0/16","gw":"fd00::1"},{"dst":"10.99.0.0/16","gw":"10.250.0.01"}]}""");
        errors.At("spec.ipam.routes[0].dst", FieldErrorKind.Required);
        errors.At("spec.ipam.routes[1].dst", FieldErrorKind.Invalid);
        errors.At("spec.ipam.routes[2].gw", FieldErrorKind.Invalid);
        errors.At("spec.ipam.routes[3].gw", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Static_addresses_need_a_prefix_length_and_a_gateway_inside_them()
    {
        var errors = Macvlan("""{"type":"static","addresses":[{"address":"10.250.0.10"},{"address":"10.250.0.11/24","gateway":"10.251.0.1"},{"gateway":"10.0.0.1"}],"dns":{"nameservers":["dns.example"]}}""");
        errors.At("spec.ipam.addresses[0].address", FieldErrorKind.Invalid);
        errors.At("spec.ipam.addresses[1].gateway", FieldErrorKind.Invalid);
        errors.At("spec.ipam.addresses[2].address", FieldErrorKind.Required);
        errors.At("spec.ipam.dns.nameservers[0]", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Whereabouts_needs_a_canonical_range_and_everything_else_inside_it()
    {
        Macvlan("""{"type":"whereabouts"}""").At("spec.ipam.range", FieldErrorKind.Required);
        var errors = Macvlan("""{"type":"whereabouts","range":"10.250.0.0/24","rangeStart":"10.250.0.200","rangeEnd":"10.250.0.100","exclude":["10.251.0.0/28","10.250.0.1/28","10.0.0.0/8"],"gateway":"10.9.0.1"}""");
        errors.At("spec.ipam.rangeStart", FieldErrorKind.Invalid);
        errors.At("spec.ipam.exclude[0]", FieldErrorKind.Invalid);
        errors.At("spec.ipam.exclude[1]", FieldErrorKind.Invalid);
        errors.At("spec.ipam.exclude[2]", FieldErrorKind.Invalid);
        errors.At("spec.ipam.gateway", FieldErrorKind.Invalid);
        Macvlan("""{"type":"whereabouts","range":"10.250.0.1/24"}""").At("spec.ipam.range", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Another_ipam_than_spiderpool_with_the_blocks_pools_or_disableIPAM_is_an_error()
    {
        var errors = Macvlan("""{"type":"dhcp"}""", extra: ""","disableIPAM":true""", block: ""","ippools":{"ipv4":["pool-a"]}""");
        errors.At("spec.macvlan.ippools", FieldErrorKind.Forbidden);
        errors.At("spec.disableIPAM", FieldErrorKind.Invalid);
        // With spiderpool, both keep their meaning.
        Macvlan("""{"type":"spiderpool"}""", extra: ""","disableIPAM":true""", block: ""","ippools":{"ipv4":["pool-a"]}""").Valid();
    }

    [Fact]
    public void The_pools_check_names_the_block_of_the_cni_type()
    {
        Rules.Validate("""{"cniType":"sriov","sriov":{"resourceName":"x/y","ippools":{"ipv6":["p"]}},"ipam":{"type":"host-local","ranges":[[{"subnet":"10.0.0.0/8"}]]}}""")
            .At("spec.sriov.ippools", FieldErrorKind.Forbidden);
    }

    [Fact]
    public void Ipam_is_forbidden_for_custom()
    {
        Rules.Validate("""{"cniType":"custom","customCNI":"{\"type\":\"bridge\"}","ipam":{"type":"dhcp"}}""").At("spec.ipam", FieldErrorKind.Forbidden);
    }

    [Theory]
    [InlineData("macvlan", "bridge", true)]
    [InlineData("macvlan", "private", true)]
    [InlineData("macvlan", "vepa", true)]
    [InlineData("macvlan", "passthru", true)]
    [InlineData("macvlan", "l2", false)]
    [InlineData("macvlan", "source", false)]
    [InlineData("ipvlan", "l2", true)]
    [InlineData("ipvlan", "l3", true)]
    [InlineData("ipvlan", "l3s", true)]
    [InlineData("ipvlan", "bridge", false)]
    public void Each_plugin_takes_only_its_own_modes(string type, string mode, bool valid)
    {
        var errors = Rules.Validate($$$"""{"cniType":"{{{type}}}","{{{type}}}":{"master":["ens192"],"mode":"{{{mode}}}"}}""");
        if (valid) errors.Valid();
        else errors.At($"spec.{type}.mode", FieldErrorKind.NotSupported);
    }

    [Fact]
    public void Admission_and_smc_validate_report_the_schema_enum_and_the_rules_through_one_pipeline()
    {
        var errors = TestSmc.Errors("net", """{"cniType":"macvlan","macvlan":{"master":["ens192"],"mode":"hairpin"},"ipam":{"type":"host-local","ranges":[[{"subnet":"10.0.0.1/8"}]]}}""");
        Assert.Contains(errors, e => e.StartsWith("spec.macvlan.mode: Unsupported value: \"hairpin\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.ipam.ranges[0][0].subnet: Invalid value", StringComparison.Ordinal));
    }
}
