using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using k8s;
using MultusConfig.Core.Api;
using MultusConfig.Core.Defaulting;
using MultusConfig.Core.Json;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;
using MultusConfig.Core.Schema;

namespace MultusConfig.Core.Tests.Properties;

/// <summary>
/// The render path's shortcuts against what they stand in for: the copy-free schema pass and binder
/// against the copying schema pass and the serializer, and the renderer's use of an uncopied spec
/// against applying the documented defaults to a copy.
/// </summary>
public class CopyFreePathPropertyTests
{
    private const long Iterations = 3000;

    private static readonly SchemaOptions[] Options = [new(), new() { ApplyDefaults = false, RejectUnknownFields = false }];

    [Fact]
    public void Parsing_without_a_copy_gives_the_errors_and_typed_object_of_the_copying_schema_pass()
    {
        Gen.Int.Sample(seed =>
        {
            var built = new RandomSmc(new Random(seed)).Manifest();
            // Values put in by code and values parsed from text are read differently by the binder.
            foreach (var manifest in new[] { built, JsonNode.Parse(built.ToJsonString())!.AsObject() })
                AssertBothPathsAgree(manifest, $"seed {seed}");
        }, iter: Iterations, seed: "0000A0B3bDw3");
    }

    [Theory]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["ens192"],"mtu":1500.0}}""")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["ens192"],"mtu":15e2}}""")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["ens\u0031\u00e9"],"vlanID":-0}}""")]
    [InlineData("""{"cniType":"ovs","ovs":{"bridge":"br1","trunk":[{"id":5},{"minID":1,"maxID":18446744073709551615}]}}""")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["ens192"]},"coordinator":{"hostRuleTable":9223372036854775807,"policyRoutes":[{"dst":"10.0.0.0/8","gw":"10.0.0.1"}]}}""")]
    [InlineData("""{"cniType":"ib-sriov","ibsriov":{"resourceName":"r","ippools":{"ipv4":["a"]}},"chainCNIJsonData":["{}"]}""")]
    [InlineData("""{"cniType":"macvlan","macvlan":{"master":["ens192"],"ippools":null},"enableCoordinator":null}""")]
    [InlineData("""{"cniType":"nope","vlan":{"master":[],"vlanMode":"x","mtu":-1}}""")]
    public void Numbers_strings_and_nulls_the_binder_leaves_to_the_serializer_give_the_same_result(string spec)
    {
        var manifest = JsonNode.Parse($$"""{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":{"name":"n"},"spec":{{spec}}}""")!.AsObject();
        AssertBothPathsAgree(manifest, spec);
    }

    [Fact]
    public void The_renderer_uses_a_spec_uncopied_only_when_the_documented_defaults_would_change_nothing()
    {
        var uncopied = 0;
        Gen.Int.Sample(seed =>
        {
            var (smc, _) = SmcDocument.Parse(new RandomSmc(new Random(seed)).Manifest(), Options[1]);
            if (smc?.Spec is not { } spec) return;
            // Half as stored (the renderer's usual input), half raw.
            if (seed % 2 == 0) StoredDefaults.ApplySpec(spec);
            var before = Serialize(spec);
            if (DocumentedDefaults.ChangesNothing(spec))
            {
                uncopied++;
                var copy = SpecCloner.Clone(spec);
                DocumentedDefaults.Apply(copy);
                Assert.True(before == Serialize(copy), $"seed {seed}: the documented defaults changed {before}");
            }
            _ = NadRenderer.Render(smc, RenderProfile.Documented);
            Assert.True(before == Serialize(spec), $"seed {seed}: rendering changed the SMC's spec");
        }, iter: Iterations, seed: "0000A0B3bDw4");
        // The shortcut must be taken often, or the property proves nothing about it.
        Assert.True(uncopied > Iterations / 20, $"only {uncopied} specs were rendered uncopied");
    }

    private static void AssertBothPathsAgree(JsonObject manifest, string context)
    {
        foreach (var options in Options)
        {
            var before = manifest.ToJsonString();
            var expected = Describe(SmcDocument.Parse(manifest, options, alwaysCopy: true));
            var actual = Describe(SmcDocument.Parse(manifest, options, alwaysCopy: false));
            Assert.True(expected == actual, $"{context}, ApplyDefaults={options.ApplyDefaults}:\nexpected {expected}\nactual   {actual}");
            Assert.True(before == manifest.ToJsonString(), $"{context}: the manifest was changed");
        }
    }

    private static string Describe((SpiderMultusConfig? Smc, List<Core.Validation.FieldError> Errors) parsed) =>
        string.Join("\n", parsed.Errors.Select(e => $"{e.Path}|{e.Kind}|{e.Detail}|{e.Value}"))
        + "\nspec " + (parsed.Smc?.Spec is { } spec ? Serialize(spec) : "none")
        + "\nmetadata " + (parsed.Smc is { } smc ? KubernetesJson.Serialize(smc.Metadata) : "none");

    private static string Serialize(SpiderMultusConfigSpec spec) => JsonSerializer.Serialize(spec, CoreJsonContext.Default.SpiderMultusConfigSpec);
}
