using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static MultusConfig.ApiServer.Tests.TestObjects;

namespace MultusConfig.ApiServer.Tests;

/// <summary>Finalizers, deletionTimestamp, garbage collection by ownerReferences and namespace deletion.</summary>
public sealed class LifecycleTests
{
    private static JsonObject? StoredSmc(ApiServerDouble s, string name) => s.Get($"{SmcGroup}/{SmcVersion}", "SpiderMultusConfig", "default", name);

    private static JsonObject? StoredNad(ApiServerDouble s, string name, string ns = "default") => s.Get($"{NadGroup}/v1", "NetworkAttachmentDefinition", ns, name);

    [Fact]
    public async Task Deleting_an_object_with_a_finalizer_only_sets_deletionTimestamp_until_the_finalizer_is_removed()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var smc = Smc("net1");
        smc["metadata"]!["finalizers"] = new JsonArray("spiderpool.spidernet.io/cleanup");
        await client.CreateSmcAsync(smc);
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(SmcGroup, SmcVersion, "default", SmcPlural, "net1");
        var deleting = await client.GetSmcAsync("net1");
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        Assert.Equal(2, deleting["metadata"]!["generation"]!.GetValue<long>()); // the real registry bumps it when deletion starts

        var (code, status) = await FailureOf(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"add","path":"/metadata/finalizers/-","value":"another"}]""", V1Patch.PatchType.JsonPatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Equal(422, code);
        Assert.Equal("metadata.finalizers", status["details"]!["causes"]![0]!["field"].Str());

        await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1");
        Assert.Null(StoredSmc(server, "net1"));
    }

    [Fact]
    public async Task Background_deletion_of_an_owner_garbage_collects_its_dependents()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var owner = await client.CreateSmcAsync(Smc("net1"));
        await client.CreateNadAsync(Nad("net1", owner: owner));
        await client.CreateNadAsync(Nad("unowned"));
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(SmcGroup, SmcVersion, "default", SmcPlural, "net1", propagationPolicy: "Background");
        Assert.Null(StoredSmc(server, "net1")); // the owner goes at once
        await Eventually(() => Task.FromResult(StoredNad(server, "net1") is null), "dependent NAD collected");
        Assert.NotNull(StoredNad(server, "unowned"));
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_until_blocking_dependents_are_gone()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var owner = await client.CreateSmcAsync(Smc("net1"));
        var nad = Nad("net1", owner: owner, blockOwnerDeletion: true);
        nad["metadata"]!["finalizers"] = new JsonArray("test/hold");
        await client.CreateNadAsync(nad);
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(SmcGroup, SmcVersion, "default", SmcPlural, "net1", propagationPolicy: "Foreground");
        await Eventually(() => Task.FromResult(StoredNad(server, "net1")?["metadata"]?["deletionTimestamp"] is not null), "dependent deletion started");
        var waiting = StoredSmc(server, "net1");
        Assert.NotNull(waiting);
        Assert.Contains("foregroundDeletion", waiting["metadata"]!["finalizers"]!.AsArray().Select(f => f.Str()));
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), NadGroup, "v1", "default", NadPlural, "net1");
        await Eventually(() => Task.FromResult(StoredSmc(server, "net1") is null), "owner deleted after its dependent");
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_strips_their_owner_references()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var owner = await client.CreateSmcAsync(Smc("net1"));
        await client.CreateNadAsync(Nad("net1", owner: owner));
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(SmcGroup, SmcVersion, "default", SmcPlural, "net1", propagationPolicy: "Orphan");
        await Eventually(() => Task.FromResult(StoredSmc(server, "net1") is null), "owner deleted");
        var orphan = StoredNad(server, "net1");
        Assert.NotNull(orphan);
        Assert.Null(orphan["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task A_dependent_whose_owner_uid_does_not_exist_is_collected()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var fakeOwner = Smc("ghost");
        fakeOwner["metadata"]!["uid"] = Guid.NewGuid().ToString();
        await client.CreateNadAsync(Nad("dangling", owner: fakeOwner));
        await Eventually(() => Task.FromResult(StoredNad(server, "dangling") is null), "dangling dependent collected");
    }

    [Fact]
    public async Task Deleting_a_namespace_marks_it_Terminating_deletes_its_content_then_removes_it()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "team-a" } });
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" } }, "team-a");
        await client.CreateSmcAsync(Smc("net1", ns: "team-a"));
        var ns = await client.CoreV1.ReadNamespaceAsync("team-a");
        Assert.Equal("Active", ns.Status.Phase);
        Assert.Equal("team-a", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
        await client.CoreV1.DeleteNamespaceAsync("team-a");
        await Eventually(() => Task.FromResult(server.Get("v1", "Namespace", null, "team-a") is null), "namespace removed");
        Assert.Null(server.Get("v1", "ConfigMap", "team-a", "cm"));
        Assert.Null(server.Get($"{SmcGroup}/{SmcVersion}", "SpiderMultusConfig", "team-a", "net1"));
        var (code, _) = await FailureOf(() => client.CoreV1.ReadNamespaceAsync("team-a"));
        Assert.Equal(404, code);
    }

    [Fact]
    public async Task A_namespace_stays_Terminating_while_an_object_in_it_holds_a_finalizer_and_refuses_new_content()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "team-b" } });
        var held = Smc("held", ns: "team-b");
        held["metadata"]!["finalizers"] = new JsonArray("spiderpool.spidernet.io/cleanup");
        await client.CreateSmcAsync(held);
        await client.CoreV1.DeleteNamespaceAsync("team-b");
        await Eventually(() => Task.FromResult(server.Get($"{SmcGroup}/{SmcVersion}", "SpiderMultusConfig", "team-b", "held")?["metadata"]?["deletionTimestamp"] is not null), "content deletion started");
        var ns = await client.CoreV1.ReadNamespaceAsync("team-b");
        Assert.Equal("Terminating", ns.Status.Phase);
        Assert.NotNull(ns.Metadata.DeletionTimestamp);
        var (code, status) = await FailureOf(() => client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "late" } }, "team-b"));
        Assert.Equal(403, code);
        Assert.Contains("because it is being terminated", status["message"].Str(), StringComparison.Ordinal);
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "team-b", SmcPlural, "held");
        await Eventually(() => Task.FromResult(server.Get("v1", "Namespace", null, "team-b") is null), "namespace removed once empty");
    }

    [Fact]
    public async Task An_update_carrying_the_uid_of_a_deleted_incarnation_is_409()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" } }, "default");
        await client.CoreV1.DeleteNamespacedConfigMapAsync("cm", "default");
        var second = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" } }, "default");
        first.Metadata.ResourceVersion = second.Metadata.ResourceVersion;
        var (code, status) = await FailureOf(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "cm", "default"));
        Assert.Equal(409, code);
        Assert.Contains("Precondition failed: UID in precondition", status["message"].Str(), StringComparison.Ordinal);
    }
}
