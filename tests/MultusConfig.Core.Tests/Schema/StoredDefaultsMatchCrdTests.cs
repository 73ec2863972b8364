using System.Text.Json;
using System.Text.Json.Nodes;
using MultusConfig.Core.Defaulting;
using MultusConfig.Core.Json;
using MultusConfig.Core.Schema;
using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Tests.Schema;

/// <summary>Our webhook's defaults (spec 0.2) and the CRD's are one set: an object renders the same whichever applied them.</summary>
public class StoredDefaultsMatchCrdTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["e"],"ippools":{}}}""")]
    [InlineData("""{"cniType":"vlan","vlan":{"master":["e"]}}""")]
    [InlineData("""{"cniType":"ib-sriov","ibsriov":{"resourceName":"r","ippools":{"ipv4":["p"]}}}""")]
    [InlineData("""{"cniType":"sriov","sriov":{"resourceName":"r","ippools":{}}}""")]
    [InlineData("""{"cniType":"ovs","ovs":{"bridge":"b","ippools":{}},"coordinator":{}}""")]
    [InlineData("""{"ipoib":{"master":"ib0","ippools":{}},"ipvlan":{"master":["e"],"ippools":{}}}""")]
    public void Crd_defaults_and_webhook_defaults_produce_the_same_object(string spec)
    {
        var viaSchema = JsonNode.Parse(spec)!.AsObject();
        SchemaValidator.Apply(viaSchema, SmcSchema.Spec, "spec", new SchemaOptions(), new List<FieldError>());

        var typed = JsonSerializer.Deserialize(spec, CoreJsonContext.Default.SpiderMultusConfigSpec)!;
        StoredDefaults.ApplySpec(typed);
        var viaWebhook = JsonSerializer.SerializeToNode(typed, CoreJsonContext.Default.SpiderMultusConfigSpec)!;

        var schemaRoundTrip = JsonSerializer.SerializeToNode(viaSchema.Deserialize(CoreJsonContext.Default.SpiderMultusConfigSpec), CoreJsonContext.Default.SpiderMultusConfigSpec);
        Assert.True(JsonNode.DeepEquals(schemaRoundTrip, viaWebhook), $"schema: {schemaRoundTrip}\nwebhook: {viaWebhook}");
    }

    [Fact]
    public void Stored_defaults_do_not_materialize_coordinator_or_mtu()
    {
        var typed = JsonSerializer.Deserialize("""{"cniType":"macvlan","macvlan":{"master":["e"]}}""", CoreJsonContext.Default.SpiderMultusConfigSpec)!;
        StoredDefaults.ApplySpec(typed);
        Assert.Null(typed.Coordinator);
        Assert.Null(typed.Macvlan!.Mtu);
        Assert.True(typed.EnableCoordinator);
        Assert.False(typed.DisableIpam);
    }
}
