using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Tests.Validation;

public class AnnotationRulesTests
{
    private const string Macvlan = """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""";

    [Fact]
    public void Changing_cr_name_on_update_is_rejected_and_reports_the_old_name()
    {
        var e = Rules.Validate(Macvlan, """{"multus.spidernet.io/cr-name":"b"}""", """{"multus.spidernet.io/cr-name":"a"}""")
            .At("metadata.annotations[multus.spidernet.io/cr-name]", FieldErrorKind.Invalid);
        Assert.Equal("\"a\"", e.Value);
        Assert.Contains("'a' to 'b'", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_cr_name_on_update_is_rejected()
    {
        Rules.Validate(Macvlan, """{"multus.spidernet.io/cr-name":"b"}""", "{}")
            .At("metadata.annotations[multus.spidernet.io/cr-name]", FieldErrorKind.Invalid);
    }

    [Fact]
    public void Keeping_cr_name_on_update_is_accepted()
    {
        Rules.Validate(Macvlan, """{"multus.spidernet.io/cr-name":"a"}""", """{"multus.spidernet.io/cr-name":"a"}""").Valid();
    }

    [Fact]
    public void Adding_cr_name_on_create_is_accepted()
    {
        Rules.Validate(Macvlan, """{"multus.spidernet.io/cr-name":"blue-net"}""").Valid();
    }

    [Theory]
    [InlineData("Blue_Net")]
    [InlineData("-blue")]
    [InlineData("")]
    public void Cr_name_must_be_a_dns_subdomain(string name)
    {
        var e = Rules.Validate(Macvlan, """{"multus.spidernet.io/cr-name":"%name%"}""".Replace("%name%", name.ToString()))
            .At("metadata.annotations[multus.spidernet.io/cr-name]", FieldErrorKind.Invalid);
        Assert.Contains("RFC 1123 subdomain", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Cr_name_longer_than_253_characters_is_rejected()
    {
        var e = Rules.Validate(Macvlan, """{"multus.spidernet.io/cr-name":"%n%"}""".Replace("%n%", new string('a', 254)))
            .At("metadata.annotations[multus.spidernet.io/cr-name]");
        Assert.Contains("no more than 253 characters", e.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    public void Supported_cni_versions_are_accepted(string version)
    {
        Rules.Validate(Macvlan, """{"multus.spidernet.io/cni-version":"%version%"}""".Replace("%version%", version.ToString())).Valid();
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.1.0")]
    [InlineData("0.2.0")]
    [InlineData("v1.0.0")]
    public void Other_cni_versions_are_rejected(string version)
    {
        Rules.Validate(Macvlan, """{"multus.spidernet.io/cni-version":"%version%"}""".Replace("%version%", version.ToString()))
            .At("metadata.annotations[multus.spidernet.io/cni-version]", FieldErrorKind.NotSupported);
    }

    [Theory]
    [InlineData("my net")]
    [InlineData("a/b")]
    [InlineData("-net")]
    public void Cniconfig_name_must_be_a_cni_network_name(string name)
    {
        Rules.Validate(Macvlan, """{"cni.spidernet.io/cniconfig-name":"%name%"}""".Replace("%name%", name.ToString()))
            .At("metadata.annotations[cni.spidernet.io/cniconfig-name]", FieldErrorKind.Invalid);
    }

    [Theory]
    [InlineData("Net_1.a-b")]
    [InlineData("")]
    public void Valid_or_empty_cniconfig_names_are_accepted(string name)
    {
        Rules.Validate(Macvlan, """{"cni.spidernet.io/cniconfig-name":"%name%"}""".Replace("%name%", name.ToString())).Valid();
    }

    [Fact]
    public void Inject_annotation_value_must_be_a_valid_label_value()
    {
        var e = Rules.Validate("""{"cniType":"sriov","sriov":{"resourceName":"r/x","ippools":{"ipv4":["p"]}}}""",
            """{"cni.spidernet.io/network-resource-inject":"not a label!"}""")
            .At("metadata.annotations[cni.spidernet.io/network-resource-inject]", FieldErrorKind.Invalid);
        Assert.Contains("label", e.Detail, StringComparison.Ordinal);
    }
}
