using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static MultusConfig.ApiServer.Tests.TestObjects;

namespace MultusConfig.ApiServer.Tests;

/// <summary>The CRD structural schema of our shipped SpiderMultusConfig CRD, enforced as apiextensions-apiserver does.</summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task Defaults_apply_at_every_level_whose_parent_exists_and_not_below_absent_parents()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var created = await client.CreateSmcAsync(Smc("net1", spec: new JsonObject
        {
            ["cniType"] = "macvlan",
            ["macvlan"] = new JsonObject { ["master"] = new JsonArray("eth0"), ["ippools"] = new JsonObject() },
        }));
        var spec = created["spec"]!;
        Assert.True(spec["enableCoordinator"]!.GetValue<bool>());
        Assert.False(spec["disableIPAM"]!.GetValue<bool>());
        Assert.False(spec["macvlan"]!["ippools"]!["matchMasterSubnet"]!.GetValue<bool>());
        Assert.Null(spec["ipvlan"]); // no parent, no nested defaults

        var empty = await client.CreateSmcAsync(Smc("net2", spec: []));
        Assert.Equal("custom", empty["spec"]!["cniType"].Str());
    }

    [Fact]
    public async Task Unknown_fields_are_pruned_and_null_values_dropped()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var smc = Smc("net1");
        smc["spec"]!["notInSchema"] = 1;
        smc["spec"]!["macvlan"]!["bogus"] = new JsonObject { ["x"] = 1 };
        smc["spec"]!["enableCoordinator"] = null;
        smc["topLevelJunk"] = "x";
        var created = await client.CreateSmcAsync(smc);
        Assert.Null(created["spec"]!["notInSchema"]);
        Assert.Null(created["spec"]!["macvlan"]!["bogus"]);
        Assert.Null(created["topLevelJunk"]);
        Assert.True(created["spec"]!["enableCoordinator"]!.GetValue<bool>()); // null dropped, then defaulted
    }

    [Fact]
    public async Task FieldValidation_Strict_rejects_unknown_fields_with_a_strict_decoding_error()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var smc = Smc("net1");
        smc["spec"]!["notInSchema"] = 1;
        var (code, status) = await FailureOf(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(smc, SmcGroup, SmcVersion, "default", SmcPlural, fieldValidation: "Strict"));
        Assert.Equal(400, code);
        Assert.Equal("BadRequest", status["reason"].Str());
        Assert.Equal("SpiderMultusConfig in version \"v2beta1\" cannot be handled as a SpiderMultusConfig: strict decoding error: unknown field \"spec.notInSchema\"", status["message"].Str());
    }

    [Fact]
    public async Task Schema_violations_are_422_Invalid_with_one_cause_per_field()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var smc = Smc("bad", spec: new JsonObject
        {
            ["cniType"] = "wifi",
            ["enableCoordinator"] = "yes",
            ["macvlan"] = new JsonObject { ["vlanID"] = 5000 },
        });
        var (code, status) = await FailureOf(() => client.CreateSmcAsync(smc));
        Assert.Equal(422, code);
        Assert.Equal("Invalid", status["reason"].Str());
        Assert.Equal("SpiderMultusConfig", status["details"]!["kind"].Str());
        Assert.Equal(SmcGroup, status["details"]!["group"].Str());
        var causes = status["details"]!["causes"]!.AsArray().Select(c => (c!["reason"].Str(), c["field"].Str())).ToList();
        Assert.Contains(("FieldValueNotSupported", "spec.cniType"), causes);
        Assert.Contains(("FieldValueTypeInvalid", "spec.enableCoordinator"), causes);
        Assert.Contains(("FieldValueInvalid", "spec.macvlan.vlanID"), causes);
        Assert.Contains(("FieldValueRequired", "spec.macvlan.master"), causes);
        var message = status["message"].Str();
        Assert.StartsWith("SpiderMultusConfig.spiderpool.spidernet.io \"bad\" is invalid: [", message, StringComparison.Ordinal);
        Assert.Contains("spec.macvlan.vlanID: Invalid value: 5000: spec.macvlan.vlanID in body should be less than or equal to 4094", message, StringComparison.Ordinal);
        Assert.Contains("spec.cniType: Unsupported value: \"wifi\": supported values: ", message, StringComparison.Ordinal);
        Assert.Contains("spec.macvlan.master: Required value", message, StringComparison.Ordinal);
        Assert.Contains("spec.enableCoordinator: Invalid value: \"string\": spec.enableCoordinator in body must be of type boolean: \"string\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Minimum_is_enforced_and_a_single_error_has_no_brackets()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var smc = Smc("neg", spec: new JsonObject { ["cniType"] = "macvlan", ["macvlan"] = new JsonObject { ["master"] = new JsonArray("eth0"), ["vlanID"] = -1 } });
        var (code, status) = await FailureOf(() => client.CreateSmcAsync(smc));
        Assert.Equal(422, code);
        Assert.Equal("SpiderMultusConfig.spiderpool.spidernet.io \"neg\" is invalid: spec.macvlan.vlanID: Invalid value: -1: spec.macvlan.vlanID in body should be greater than or equal to 0", status["message"].Str());
    }

    [Fact]
    public async Task Schema_applies_to_patches_and_to_status_updates_too()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        await client.CreateSmcAsync(Smc("net1"));
        var (code, status) = await FailureOf(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"macvlan":{"vlanID":99999}}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Equal(422, code);
        Assert.Equal("spec.macvlan.vlanID", status["details"]!["causes"]![0]!["field"].Str());
        var (statusCode, _) = await FailureOf(() => client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch("""{"status":{"observedGeneration":"one"}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Equal(422, statusCode);
    }

    [Fact]
    public async Task Nad_crd_fixture_serves_network_attachment_definitions_with_a_string_config()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var nad = await client.CreateNadAsync(Nad("macvlan-conf"));
        Assert.Equal("""{"cniVersion":"0.3.1","type":"macvlan"}""", nad["spec"]!["config"].Str());
        var bad = Nad("bad");
        bad["spec"]!["config"] = new JsonObject { ["type"] = "macvlan" };
        var (code, status) = await FailureOf(() => client.CreateNadAsync(bad));
        Assert.Equal(422, code);
        Assert.Equal("spec.config", status["details"]!["causes"]![0]!["field"].Str());
    }

    [Fact]
    public async Task Crds_are_reported_Established_and_their_resources_appear_in_discovery()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("spidermultusconfigs.spiderpool.spidernet.io");
        Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
        var resources = await client.CustomObjects.GetAPIResourcesAsync(SmcGroup, SmcVersion);
        Assert.Contains(resources.Resources, r => r.Name == "spidermultusconfigs" && r.Kind == "SpiderMultusConfig" && r.ShortNames.Contains("smc"));
        Assert.Contains(resources.Resources, r => r.Name == "spidermultusconfigs/status");
    }

    [Fact]
    public async Task Deleting_a_crd_stops_serving_its_resource_and_removes_its_objects()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        await client.CreateNadAsync(Nad("n1"));
        await client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("network-attachment-definitions.k8s.cni.cncf.io");
        var (code, _) = await FailureOf(() => client.CustomObjects.ListNamespacedCustomObjectAsync(NadGroup, "v1", "default", NadPlural));
        Assert.Equal(404, code);
        server.LoadManifests(RepoPaths.NadCrd);
        var list = Node(await client.CustomObjects.ListNamespacedCustomObjectAsync(NadGroup, "v1", "default", NadPlural));
        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact]
    public async Task The_fallback_smc_fixture_defaults_the_shared_fields_exactly_like_the_shipped_crd()
    {
        var fallback = Path.Combine(RepoPaths.Root, "tests", "fixtures", "crds", "fallback", "spidermultusconfigs.spiderpool.spidernet.io.yaml");
        var results = new List<string>();
        foreach (var crd in new[] { RepoPaths.SmcCrd, fallback })
        {
            await using var server = await ApiServerDouble.StartAsync();
            server.LoadManifests(crd);
            using var client = server.CreateClient();
            var created = await client.CreateSmcAsync(Smc("net1", spec: new JsonObject { ["macvlan"] = new JsonObject { ["master"] = new JsonArray("eth0"), ["ippools"] = new JsonObject() } }));
            results.Add(created["spec"]!.ToJsonString());
        }
        Assert.Equal(results[0], results[1]);
    }
}
