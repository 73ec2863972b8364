using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static MultusConfig.ApiServer.Tests.TestObjects;

namespace MultusConfig.ApiServer.Tests;

/// <summary>Create/get/update/delete semantics through the real KubernetesClient over HTTPS.</summary>
public sealed class CrudTests
{
    [Fact]
    public async Task Create_sets_uid_creationTimestamp_resourceVersion_and_generation_1_like_the_real_server()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var created = await client.CreateSmcAsync(Smc("net1"));
        var meta = created["metadata"]!;
        Assert.True(Guid.TryParse(meta["uid"].Str(), out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", meta["creationTimestamp"].Str());
        Assert.True(long.Parse(meta["resourceVersion"].Str(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(1, meta["generation"]!.GetValue<long>());
        var read = await client.GetSmcAsync("net1");
        Assert.Equal(meta["uid"].Str(), read["metadata"]!["uid"].Str());
    }

    [Fact]
    public async Task ConfigMaps_have_no_generation_and_resourceVersion_is_one_global_counter()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var a = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "a" } }, "default");
        var s = await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new() { Name = "s" }, StringData = new Dictionary<string, string> { ["k"] = "v" } }, "default");
        var b = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "b" } }, "default");
        Assert.Null(a.Metadata.Generation);
        var rvs = new[] { a, (IMetadata<V1ObjectMeta>)s, b }.Select(o => long.Parse(o.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(rvs[0] < rvs[1] && rvs[1] < rvs[2], string.Join(",", rvs));
    }

    [Fact]
    public async Task Creating_an_existing_name_is_409_AlreadyExists()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        await client.CreateSmcAsync(Smc("dup"));
        var (code, status) = await FailureOf(() => client.CreateSmcAsync(Smc("dup")));
        Assert.Equal(409, code);
        Assert.Equal("AlreadyExists", status["reason"].Str());
        Assert.Equal("spidermultusconfigs.spiderpool.spidernet.io \"dup\" already exists", status["message"].Str());
        Assert.Equal("dup", status["details"]!["name"].Str());
    }

    [Fact]
    public async Task GenerateName_gets_a_five_character_random_suffix()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var one = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { GenerateName = "gen-" } }, "default");
        var two = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { GenerateName = "gen-" } }, "default");
        Assert.Matches("^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$", one.Metadata.Name);
        Assert.NotEqual(one.Metadata.Name, two.Metadata.Name);
    }

    [Fact]
    public async Task Create_in_a_missing_namespace_is_404_for_the_namespace()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var (code, status) = await FailureOf(() => client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "x" } }, "nowhere"));
        Assert.Equal(404, code);
        Assert.Equal("namespaces \"nowhere\" not found", status["message"].Str());
    }

    [Fact]
    public async Task Replace_with_a_stale_resourceVersion_is_409_Conflict()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var v1 = await client.CreateSmcAsync(Smc("net1"));
        var fresh = v1.DeepClone().AsObject();
        fresh["spec"]!["macvlan"]!["vlanID"] = 10;
        await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(fresh, SmcGroup, SmcVersion, "default", SmcPlural, "net1");
        v1["spec"]!["macvlan"]!["vlanID"] = 20;
        var (code, status) = await FailureOf(() => client.CustomObjects.ReplaceNamespacedCustomObjectAsync(v1, SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Equal(409, code);
        Assert.Equal("Conflict", status["reason"].Str());
        Assert.Equal("Operation cannot be fulfilled on spidermultusconfigs.spiderpool.spidernet.io \"net1\": the object has been modified; please apply your changes to the latest version and try again", status["message"].Str());
    }

    [Fact]
    public async Task Replace_of_a_missing_object_is_404_NotFound()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var (code, status) = await FailureOf(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "ghost" } }, "ghost", "default"));
        Assert.Equal(404, code);
        Assert.Equal("NotFound", status["reason"].Str());
        Assert.Equal("configmaps \"ghost\" not found", status["message"].Str());
        Assert.Equal("configmaps", status["details"]!["kind"].Str());
    }

    [Fact]
    public async Task Custom_resource_update_without_resourceVersion_is_422_while_configmaps_allow_it()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var smc = await client.CreateSmcAsync(Smc("net1"));
        smc["metadata"]!.AsObject().Remove("resourceVersion");
        var (code, status) = await FailureOf(() => client.CustomObjects.ReplaceNamespacedCustomObjectAsync(smc, SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Equal(422, code);
        Assert.Equal("metadata.resourceVersion", status["details"]!["causes"]![0]!["field"].Str());

        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" } }, "default");
        var replaced = await client.CoreV1.ReplaceNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "b" } }, "cm", "default");
        Assert.Equal("b", replaced.Data["a"]);
    }

    [Fact]
    public async Task Generation_moves_on_spec_changes_only_never_on_metadata_or_status_subresource_writes()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        await client.CreateSmcAsync(Smc("net1"));
        var labelled = Node(await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Equal(1, labelled["metadata"]!["generation"]!.GetValue<long>());
        var status = Node(await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch("""{"status":{"networkAttachmentDefinition":"net1"}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Equal(1, status["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal("net1", status["status"]!["networkAttachmentDefinition"].Str());
        Assert.NotEqual(labelled["metadata"]!["resourceVersion"].Str(), status["metadata"]!["resourceVersion"].Str());
        var spec = Node(await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"macvlan":{"vlanID":7}}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Equal(2, spec["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Status_subresource_isolates_status_from_spec_in_both_directions_and_create_drops_status()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var withStatus = Smc("net1");
        withStatus["status"] = new JsonObject { ["networkAttachmentDefinition"] = "set-by-client" };
        var created = await client.CreateSmcAsync(withStatus);
        Assert.Null(created["status"]);

        // Through the main resource, status changes are ignored.
        var viaMain = Node(await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"status":{"networkAttachmentDefinition":"x"}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Null(viaMain["status"]);
        // Through /status, spec changes are ignored.
        var viaStatus = Node(await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch("""{"spec":{"cniType":"ipvlan"},"status":{"networkAttachmentDefinition":"y"}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Equal("macvlan", viaStatus["spec"]!["cniType"].Str());
        Assert.Equal("y", viaStatus["status"]!["networkAttachmentDefinition"].Str());
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_resourceVersion()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        var same = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "cm", "default");
        Assert.Equal(cm.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Delete_returns_404_for_a_missing_object_and_409_on_a_failed_precondition()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var (missing, _) = await FailureOf(() => client.CoreV1.DeleteNamespacedConfigMapAsync("ghost", "default"));
        Assert.Equal(404, missing);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" } }, "default");
        var (code, status) = await FailureOf(() => client.CoreV1.DeleteNamespacedConfigMapAsync("cm", "default", new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "not-the-uid" } }));
        Assert.Equal(409, code);
        Assert.StartsWith("Operation cannot be fulfilled on configmaps \"cm\": Precondition failed: UID in precondition: not-the-uid", status["message"].Str());
        await client.CoreV1.DeleteNamespacedConfigMapAsync("cm", "default");
        Assert.Null(server.Get("v1", "ConfigMap", "default", "cm"));
    }

    [Fact]
    public async Task DeleteCollection_removes_only_objects_matching_the_label_selector()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        foreach (var (name, app) in new[] { ("a", "x"), ("b", "x"), ("c", "y") })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } } }, "default");
        }
        await client.CoreV1.DeleteCollectionNamespacedConfigMapAsync("default", labelSelector: "app=x");
        var left = await client.CoreV1.ListNamespacedConfigMapAsync("default");
        Assert.Equal(["c"], left.Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task Dry_run_validates_and_admits_but_stores_nothing()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var result = Node(await client.CustomObjects.CreateNamespacedCustomObjectAsync(Smc("dry"), SmcGroup, SmcVersion, "default", SmcPlural, dryRun: "All"));
        Assert.True(result["spec"]!["enableCoordinator"]!.GetValue<bool>());
        Assert.Null(server.Get($"{SmcGroup}/{SmcVersion}", "SpiderMultusConfig", "default", "dry"));
        var bad = Smc("dry", spec: new JsonObject { ["cniType"] = "nope" });
        var (code, _) = await FailureOf(() => client.CustomObjects.CreateNamespacedCustomObjectAsync(bad, SmcGroup, SmcVersion, "default", SmcPlural, dryRun: "All"));
        Assert.Equal(422, code);
    }

    [Fact]
    public async Task Json_patch_applies_in_order_and_a_failed_test_operation_is_422_and_changes_nothing()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""[{"op":"test","path":"/data/a","value":"1"},{"op":"add","path":"/data/b","value":"2"},{"op":"remove","path":"/data/a"}]""", V1Patch.PatchType.JsonPatch), "cm", "default");
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, patched.Data);
        var (code, _) = await FailureOf(() => client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""[{"op":"add","path":"/data/c","value":"3"},{"op":"test","path":"/data/b","value":"nope"}]""", V1Patch.PatchType.JsonPatch), "cm", "default"));
        Assert.Equal(422, code);
        Assert.False((await client.CoreV1.ReadNamespacedConfigMapAsync("cm", "default")).Data.ContainsKey("c"));
        Assert.NotEqual(cm.Metadata.ResourceVersion, patched.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Json_patch_replaces_and_removes_top_level_members()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        var replaced = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""[{"op":"replace","path":"/data","value":{"z":"9"}}]""", V1Patch.PatchType.JsonPatch), "cm", "default");
        Assert.Equal(new Dictionary<string, string> { ["z"] = "9" }, replaced.Data);
        var removed = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""[{"op":"remove","path":"/data"}]""", V1Patch.PatchType.JsonPatch), "cm", "default");
        Assert.Null(removed.Data);
        var (code, _) = await FailureOf(() => client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""[{"op":"remove","path":"/data"}]""", V1Patch.PatchType.JsonPatch), "cm", "default"));
        Assert.Equal(422, code);
    }
}
