using System.Text.Json.Nodes;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Core.Tests.Schema;

/// <summary>The CRD's structural schema, enforced offline exactly where the API server would enforce it.</summary>
public class SchemaConstraintTests
{
    [Theory]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["eth0"],"mtu":"1500"}}""", "spec.macvlan.mtu: Invalid value: \"1500\": must be of type integer")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":"eth0"}}""", "spec.macvlan.master: Invalid value: \"eth0\": must be of type array")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":[1]}}""", "spec.macvlan.master[0]: Invalid value: 1: must be of type string")]
    [InlineData("""{"cniType":"macvlan","enableCoordinator":"yes","macvlan":{"master":["eth0"]}}""", "spec.enableCoordinator: Invalid value: \"yes\": must be of type boolean")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["eth0"],"mtu":3000000000}}""", "spec.macvlan.mtu: Invalid value: 3000000000: must be of type integer (32-bit)")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["eth0"],"mtu":1.5}}""", "spec.macvlan.mtu: Invalid value: 1.5: must be of type integer")]
    [InlineData("""{"cniType":"ovs","ovs":{"bridge":"br0","trunk":[{"id":1e400}]}}""", "spec.ovs.trunk[0].id: Invalid value")]
    [InlineData("""{"cniType":"macvlan","coordinator":[],"macvlan":{"master":["eth0"]}}""", "spec.coordinator: Invalid value: []: must be of type object")]
    public void Values_of_the_wrong_type_are_reported_with_path_and_value(string spec, string expected)
    {
        Assert.Contains(TestSmc.Errors("n", spec), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"cniType":"flannel"}""", "spec.cniType: Unsupported value: \"flannel\"")]
    [InlineData("""{"cniType":"vlan","vlan":{"master":["eth0"],"vlanMode":"dynamic"}}""", "spec.vlan.vlanMode: Unsupported value: \"dynamic\"")]
    [InlineData("""{"cniType":"ib-sriov","ibsriov":{"resourceName":"r","linkState":"up"}}""", "spec.ibsriov.linkState: Unsupported value")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["e"]},"coordinator":{"mode":"fast"}}""", "spec.coordinator.mode: Unsupported value")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["e"]},"coordinator":{"podCIDRType":"weave"}}""", "spec.coordinator.podCIDRType: Unsupported value")]
    public void Values_outside_an_enum_are_unsupported(string spec, string expected)
    {
        Assert.Contains(TestSmc.Errors("n", spec), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["eth0"],"vlanID":4095}}""", "spec.macvlan.vlanID: Invalid value: 4095: should be less than or equal to 4094")]
    [InlineData("""{"cniType":"ipvlan","ipvlan":{"master":["eth0"],"mtu":-1}}""", "spec.ipvlan.mtu: Invalid value: -1: should be greater than or equal to 0")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["a","b"],"bond":{"name":"b","mode":9}}}""", "spec.macvlan.bond.mode: Invalid value: 9")]
    [InlineData("""{"cniType":"sriov","sriov":{"resourceName":"r","minTxRateMbps":-1}}""", "spec.sriov.minTxRateMbps: Invalid value: -1")]
    [InlineData("""{"cniType":"ovs","ovs":{"bridge":"br0","vlan":5000}}""", "spec.ovs.vlan: Invalid value: 5000")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["e"]},"coordinator":{"vethMTU":0}}""", "spec.coordinator.vethMTU: Invalid value: 0")]
    public void Values_outside_the_range_are_invalid(string spec, string expected)
    {
        Assert.Contains(TestSmc.Errors("n", spec), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"cniType":"macvlan","macvlan":{}}""", "spec.macvlan.master: Required value")]
    [InlineData("""{"cniType":"ovs","ovs":{}}""", "spec.ovs.bridge: Required value")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["a","b"],"bond":{"name":"b"}}}""", "spec.macvlan.bond.mode: Required value")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["e"]},"coordinator":{"policyRoutes":[{"dst":"10.0.0.0/8"}]}}""", "spec.coordinator.policyRoutes[0].gw: Required value")]
    public void Required_fields_are_required(string spec, string expected)
    {
        Assert.Contains(TestSmc.Errors("n", spec), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_fields_are_reported_as_kubectl_strict_validation_does()
    {
        var errors = TestSmc.Errors("n", """{"cniType":"macvlan","macvlan":{"mastr":["eth0"],"master":["eth0"]},"extra":1}""");
        Assert.Contains("spec.macvlan.mastr: Unknown field: field not declared in schema", errors);
        Assert.Contains("spec.extra: Unknown field: field not declared in schema", errors);
    }

    [Fact]
    public void Nulls_are_pruned_like_absent_fields()
    {
        Assert.Empty(TestSmc.Errors("n", """{"cniType":"macvlan","coordinator":null,"macvlan":{"master":["eth0"],"mtu":null}}"""));
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var errors = TestSmc.Errors("n", """{"cniType":"macvlan","macvlan":{"master":["eth0"],"mtu":"x","vlanID":9999},"coordinator":{"txQueueLen":"q","podMACPrefix":"zz"}}""");
        Assert.Contains(errors, e => e.StartsWith("spec.macvlan.mtu:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.macvlan.vlanID:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.coordinator.txQueueLen:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.coordinator.podMACPrefix:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"apiVersion":"spiderpool.spidernet.io/v2beta2","kind":"SpiderMultusConfig","metadata":{"name":"a"}}""", "apiVersion: Unsupported value")]
    [InlineData("""{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderPool","metadata":{"name":"a"}}""", "kind: Unsupported value")]
    [InlineData("""{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig"}""", "metadata.name: Required value")]
    [InlineData("""{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":{"name":"Bad_Name"}}""", "metadata.name: Invalid value")]
    [InlineData("""{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":{"name":"a","namespace":"a.b"}}""", "metadata.namespace: Invalid value")]
    [InlineData("""{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":{"name":"a","annotations":{"k":1}}}""", "metadata.annotations[k]: Invalid value: 1: must be of type string")]
    [InlineData("""{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":{"name":"a","labels":{"k":"bad value"}}}""", "metadata.labels[k]: Invalid value")]
    [InlineData("""{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":{"name":"a","annotations":{"bad key!":"v"}}}""", "metadata.annotations: Invalid value")]
    [InlineData("""{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":[]}""", "metadata: Invalid value")]
    [InlineData("""{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":{"name":"a"},"spec":"macvlan"}""", "spec: Invalid value: \"macvlan\": must be of type object")]
    [InlineData("""{"apiVersion":1,"kind":"SpiderMultusConfig","metadata":{"name":"a"}}""", "apiVersion: Invalid value: 1")]
    [InlineData("""{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":{"generateName":"a-"}}""", "metadata.name: Required value: offline rendering needs a name")]
    public void Broken_top_level_and_metadata_are_field_errors(string manifest, string expected)
    {
        var result = SmcProcessor.Process(JsonNode.Parse(manifest)!.AsObject(), "default", RenderProfile.Documented);
        Assert.Contains(result.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
        Assert.Null(result.Nad);
    }

    [Fact]
    public void An_object_over_the_api_servers_size_limit_is_rejected()
    {
        var manifest = TestSmc.Manifest("n", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""");
        manifest["spec"]!["macvlan"]!["rdmaResourceName"] = new string('r', 2_000_000);
        var result = SmcProcessor.Process(manifest, "default", RenderProfile.Documented);
        Assert.Contains(result.Errors, e => e.Path == "(object)" && e.Message.Contains("at most 1572864 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_huge_string_is_shown_shortened_in_the_error()
    {
        var manifest = TestSmc.Manifest("n", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""");
        manifest["spec"]!["cniType"] = new string('x', 1_000_000);
        var error = SmcProcessor.Process(manifest, "default", RenderProfile.Documented).Errors.Single(e => e.Path == "spec.cniType");
        Assert.True(error.Message.Length < 400, error.Message);
        Assert.Contains("(1000000 characters)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Processing_does_not_modify_the_callers_manifest()
    {
        var manifest = TestSmc.Manifest("n", """{"cniType":"macvlan","macvlan":{"master":["eth0"],"bogus":1}}""");
        var before = manifest.ToJsonString();
        SmcProcessor.Process(manifest, "default", RenderProfile.Spiderpool);
        Assert.Equal(before, manifest.ToJsonString());
    }

    [Fact]
    public void Missing_namespace_takes_the_default_namespace()
    {
        var manifest = TestSmc.Manifest("n", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""");
        manifest["metadata"]!.AsObject().Remove("namespace");
        var result = SmcProcessor.Process(manifest, "prod", RenderProfile.Documented);
        Assert.Equal("prod", result.Nad!.Metadata.NamespaceProperty);
    }
}
