using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Tests.Validation;

public class ChainedPluginRulesTests
{
    private static List<FieldError> Chain(params string[] plugins) =>
        Rules.Validate("""{"cniType":"macvlan","macvlan":{"master":["eth0"]},"chainCNIJsonData":%p%}""".Replace("%p%", System.Text.Json.JsonSerializer.Serialize(plugins)));

    [Fact]
    public void A_plugin_object_with_a_type_is_accepted()
    {
        Chain("""{"type":"tuning","sysctl":{"net.core.somaxconn":"500"}}""", """{"type":"bandwidth","capabilities":{"bandwidth":true}}""").Valid();
    }

    [Theory]
    [InlineData("{\"type\":")]
    [InlineData("{\"type\":\"a\"} {}")]
    [InlineData("")]
    public void Invalid_json_is_rejected_with_the_index(string plugin)
    {
        var e = Chain("""{"type":"ok"}""", plugin).At("spec.chainCNIJsonData[1]", FieldErrorKind.Invalid);
        Assert.Contains("not valid JSON", e.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"tuning\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_value_that_is_not_an_object_is_rejected(string plugin)
    {
        Chain(plugin).At("spec.chainCNIJsonData[0]", FieldErrorKind.Invalid);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"type\":\"\"}")]
    public void A_missing_or_empty_type_is_rejected(string plugin)
    {
        var e = Chain(plugin).At("spec.chainCNIJsonData[0]");
        Assert.Contains("\"type\" is required", e.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":1}")]
    [InlineData("{\"type\":\"t\",\"capabilities\":{\"bandwidth\":\"yes\"}}")]
    [InlineData("{\"type\":\"t\",\"ipam\":{\"type\":5}}")]
    [InlineData("{\"type\":\"t\",\"dns\":{\"nameservers\":\"8.8.8.8\"}}")]
    [InlineData("{\"type\":\"t\",\"name\":[]}")]
    [InlineData("{\"type\":\"t\",\"cniVersion\":1}")]
    [InlineData("{\"type\":\"t\",\"prevResult\":1}")]
    public void Well_known_keys_must_have_their_cni_types(string plugin)
    {
        Chain(plugin).At("spec.chainCNIJsonData[0]", FieldErrorKind.Invalid);
    }
}
