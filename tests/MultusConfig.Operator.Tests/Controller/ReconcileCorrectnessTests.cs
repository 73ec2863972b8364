using k8s;
using k8s.Models;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>
/// Issue 17's controller items against the API server double: what the operator removes from a NAD,
/// who runs after a name conflict ends, what a failed status write is called, what a relist pairs, and
/// what the status names.
/// </summary>
public class ReconcileCorrectnessTests
{
    private const string Macvlan = """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""";
    private const string Sriov = """{"cniType":"sriov","sriov":{"resourceName":"example.com/vf_1"}}""";
    private const string Foreign = "team.example.com/owner";

    [Fact]
    public async Task Annotations_the_operator_wrote_and_no_longer_wants_are_removed_and_foreign_ones_stay()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        await f.CreateSmcAsync("net-a", Sriov, """{"cni.spidernet.io/cniconfig-name":"cfg-a","ci.example.com/build":"7"}""");
        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "NAD created");
        Assert.Equal("example.com/vf_1", nad.Metadata.Annotations[Annotations.ResourceName]);
        nad.Metadata.Annotations[Foreign] = "blue";
        await f.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(nad, NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", NetworkAttachmentDefinition.Plural, "net-a");

        // sriov → macvlan, and one SMC annotation dropped.
        var smc = (await f.GetSmcAsync("net-a"))!;
        smc.Spec = KubernetesJson.Deserialize<SpiderMultusConfigSpec>(Macvlan);
        smc.Metadata.Annotations.Remove("ci.example.com/build");
        await f.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(smc, SpiderMultusConfig.Group, SpiderMultusConfig.Version, "team1", SpiderMultusConfig.Plural, "net-a");

        var after = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => n.Spec.Config.Contains("macvlan", StringComparison.Ordinal), "NAD rendered as macvlan");
        Assert.False(after.Metadata.Annotations.ContainsKey(Annotations.ResourceName), "a macvlan NAD must not request SR-IOV VFs");
        Assert.False(after.Metadata.Annotations.ContainsKey("ci.example.com/build"));
        Assert.Equal("cfg-a", after.Metadata.Annotations["cni.spidernet.io/cniconfig-name"]);
        Assert.Equal("blue", after.Metadata.Annotations[Foreign]);
        Assert.Equal("cni.spidernet.io/cniconfig-name", after.Metadata.Annotations[Annotations.ManagedAnnotations]);
    }

    [Fact]
    public async Task A_nad_without_a_record_of_our_keys_loses_only_a_stale_resource_name()
    {
        // What Spiderpool or an older operator left: the SMC's NAD, controlled by it, without the record.
        await using var f = await OperatorFixture.StartAsync();
        var smc = await f.CreateSmcAsync("net-a", Macvlan);
        await f.Client.CustomObjects.CreateNamespacedCustomObjectAsync(new NetworkAttachmentDefinition
        {
            Metadata = new V1ObjectMeta
            {
                Name = "net-a", NamespaceProperty = "team1",
                Annotations = new Dictionary<string, string> { [Annotations.ResourceName] = "example.com/vf_1", [Foreign] = "blue" },
                OwnerReferences = [new V1OwnerReference { ApiVersion = SpiderMultusConfig.GroupVersion, Kind = SpiderMultusConfig.KindName, Name = "net-a", Uid = smc.Metadata.Uid, Controller = true, BlockOwnerDeletion = true }],
            },
            Spec = new NetworkAttachmentDefinitionSpec { Config = """{"cniVersion":"0.3.1","name":"net-a","type":"sriov"}""" },
        }, NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", NetworkAttachmentDefinition.Plural);
        await f.StartOperatorAsync();

        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => n.Spec.Config.Contains("macvlan", StringComparison.Ordinal), "NAD repaired");
        Assert.False(nad.Metadata.Annotations?.ContainsKey(Annotations.ResourceName) ?? false);
        Assert.Equal("blue", nad.Metadata.Annotations![Foreign]);
    }

    [Fact]
    public async Task An_smc_in_name_conflict_takes_the_nad_when_the_holder_is_deleted()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        await f.CreateSmcAsync("x", Macvlan);
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("x"), n => true, "x's NAD");
        var a = await f.CreateSmcAsync("a", """{"cniType":"ipvlan","ipvlan":{"master":["eth1"]}}""", """{"multus.spidernet.io/cr-name":"x"}""");
        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("a"), s => s.Status?.Conditions?.Any(c => c.Reason == "NameConflict") == true, "a in NameConflict");
        // An event of x after a's: the last event used to own the NAD's entry alone.
        var x = (await f.GetSmcAsync("x"))!;
        x.Metadata.Annotations = new Dictionary<string, string> { [Foreign] = "blue" };
        await f.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(x, SpiderMultusConfig.Group, SpiderMultusConfig.Version, "team1", SpiderMultusConfig.Plural, "x");
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("x"), n => n.Metadata.Annotations?.ContainsKey(Foreign) == true, "x's annotation on its NAD");

        await f.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SpiderMultusConfig.Group, SpiderMultusConfig.Version, "team1", SpiderMultusConfig.Plural, "x");

        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("x"), n => n.Metadata.OwnerReferences?.Any(o => o.Uid == a.Metadata.Uid) == true,
            "a takes the NAD x (resync is an hour away)");
        Assert.Contains("ipvlan", nad.Spec.Config, StringComparison.Ordinal);
        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("a"), s => s.Status?.Conditions?.Any(c => c.Reason == "Synced") == true, "a Synced");
    }

    [Fact]
    public async Task Of_three_smcs_after_one_nad_each_takes_it_in_turn_as_the_holders_are_deleted()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        await f.CreateSmcAsync("x", Macvlan);
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("x"), n => true, "x's NAD");
        var waiting = new List<SpiderMultusConfig>();
        foreach (var name in new[] { "a", "b" })
        {
            waiting.Add(await f.CreateSmcAsync(name, """{"cniType":"ipvlan","ipvlan":{"master":["eth1"]}}""", """{"multus.spidernet.io/cr-name":"x"}"""));
            await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync(name), s => s.Status?.Conditions?.Any(c => c.Reason == "NameConflict") == true, name + " in NameConflict");
        }

        var holder = "x";
        while (waiting.Count > 0)
        {
            await f.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SpiderMultusConfig.Group, SpiderMultusConfig.Version, "team1", SpiderMultusConfig.Plural, holder);
            var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("x"),
                n => n.Metadata.OwnerReferences?.Any(o => waiting.Any(w => w.Metadata.Uid == o.Uid && o.Controller == true)) == true,
                $"one of {string.Join(", ", waiting.Select(w => w.Metadata.Name))} takes the NAD x after {holder} is deleted (resync is an hour away)");
            var taker = waiting.Single(w => nad.Metadata.OwnerReferences.Any(o => o.Uid == w.Metadata.Uid && o.Controller == true));
            waiting.Remove(taker);
            holder = taker.Metadata.Name;
        }
    }

    [Fact]
    public async Task A_failed_status_write_is_retried_and_not_reported_as_a_failed_nad_write()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        f.Server.Faults.FailNext(3, 500, "patch", "spidermultusconfigs");
        await f.CreateSmcAsync("net-a", Macvlan);

        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("net-a"), s => s.Status?.Conditions?.Any(c => c.Reason == "Synced") == true, "Synced after the failed status writes");
        var events = await OperatorFixture.EventuallyAsync(async () => await f.Client.CoreV1.ListNamespacedEventAsync("team1"),
            l => l.Items.Any(e => e.Reason == "Synced"), "the Synced event");
        Assert.Equal(3, f.Server.Faults.Injected);
        Assert.DoesNotContain(events.Items, e => e.Reason == "ApiError");
    }

    [Fact]
    public async Task A_nad_gone_from_under_a_replace_is_retried_not_reported_as_api_error()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        await f.CreateSmcAsync("net-a", Macvlan);
        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "NAD created");
        var rendered = nad.Spec.Config;
        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("net-a"), s => s.Status?.Conditions?.Any(c => c.Reason == "Synced") == true, "Synced");

        // The operator's replace meets a 404, as when the NAD was deleted after its cache saw it (the edit is a patch, which the fault leaves alone).
        f.Server.Faults.FailNext(1, 404, "update", "network-attachment-definitions");
        f.Server.Requests.Clear();
        await f.Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"config":"{\"cniVersion\":\"0.3.1\",\"name\":\"net-a\",\"plugins\":[{\"type\":\"bridge\"}]}"}}""", V1Patch.PatchType.MergePatch),
            NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", NetworkAttachmentDefinition.Plural, "net-a");

        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => n.Spec.Config == rendered, "config put back after the 404");
        Assert.Equal(1, f.Server.Faults.Injected);
        // The status was Synced and stays so: no ApiError written in between.
        Assert.Equal(0, f.Server.Requests.Count("patch", "spidermultusconfigs"));
    }

    [Fact]
    public async Task A_nad_is_not_created_again_for_an_smc_uid_that_no_longer_exists()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        var first = await StaleSmcCacheAfterRecreateAsync(f);

        // The GC removes the NAD of the deleted uid; the operator, whose cache still holds that uid, either
        // checks the SMC live or creates a NAD for it, which the GC removes, and again.
        await OperatorFixture.EventuallyAsync(async () => await Task.FromResult((int?)(Creates(f) >= 3 || LiveGets(f) > 0 ? 1 : null)), _ => true, "a create loop or a live check");
        Assert.True(Creates(f) == 0, $"{Creates(f)} NAD creates for the deleted uid {first}");
        Assert.Equal(1, LiveGets(f));
        f.Server.Faults.Clear();
    }

    [Fact]
    public async Task An_smc_recreated_under_its_name_while_the_watch_was_down_is_reconciled_after_the_relist()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        await StaleSmcCacheAfterRecreateAsync(f);
        await OperatorFixture.EventuallyAsync(async () => await Task.FromResult((int?)(Creates(f) > 0 || LiveGets(f) > 0 ? 1 : null)), _ => true, "the operator met the stale cache");

        // History compacted: the watch cannot resume and the informer relists, pairing the old uid with the new.
        f.Server.CompactHistory();
        f.Server.Faults.Clear();

        var current = (await f.GetSmcAsync("x"))!;
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("x"), n => n.Metadata.OwnerReferences?.Any(o => o.Uid == current.Metadata.Uid) == true,
            "a NAD for the new SMC (resync is an hour away)", seconds: 60);
    }

    [Fact]
    public async Task Status_names_the_nad_only_when_it_exists_and_is_ours()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync();
        await f.CreateSmcAsync("first", Macvlan, """{"multus.spidernet.io/cr-name":"shared"}""");
        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("first"), s => s.Status?.NetworkAttachmentDefinition == "shared", "first names its NAD");
        await f.CreateSmcAsync("second", Macvlan, """{"multus.spidernet.io/cr-name":"shared"}""");
        await f.CreateSmcAsync("bad", """{"cniType":"macvlan","macvlan":{"master":["a","b"]}}""");

        var second = await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("second"), s => s.Status?.Conditions?.Any(c => c.Reason == "NameConflict") == true, "NameConflict");
        var bad = await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("bad"), s => s.Status?.Conditions?.Any(c => c.Reason == "Invalid") == true, "Invalid");
        Assert.Null(second.Status!.NetworkAttachmentDefinition);
        Assert.Null(bad.Status!.NetworkAttachmentDefinition);

        // A name once reported goes when the NAD stops being ours: first takes a spec that is invalid.
        var firstSmc = (await f.GetSmcAsync("first"))!;
        firstSmc.Spec = KubernetesJson.Deserialize<SpiderMultusConfigSpec>("""{"cniType":"macvlan","macvlan":{"master":["a","b"]}}""");
        await f.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(firstSmc, SpiderMultusConfig.Group, SpiderMultusConfig.Version, "team1", SpiderMultusConfig.Plural, "first");
        var invalid = await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("first"), s => s.Status?.Conditions?.Any(c => c.Reason == "Invalid") == true, "first Invalid");
        Assert.Null(invalid.Status!.NetworkAttachmentDefinition);
    }

    /// <summary>
    /// SMC x with its NAD; then the operator's SMC watch fails (list and watch answer 500) while x is
    /// deleted and created again with the same name, spec and annotations. Returns the deleted uid; the
    /// request log is cleared just before the delete.
    /// </summary>
    private static async Task<string> StaleSmcCacheAfterRecreateAsync(OperatorFixture f)
    {
        var first = await f.CreateSmcAsync("x", Macvlan);
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("x"), n => true, "x's NAD");
        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("x"), s => s.Status?.Conditions?.Any(c => c.Reason == "Synced") == true, "x Synced");
        f.Server.Faults.FailNext(int.MaxValue, 500, "watch", "spidermultusconfigs");
        f.Server.Faults.FailNext(int.MaxValue, 500, "list", "spidermultusconfigs");
        f.Server.CutWatches();
        await OperatorFixture.EventuallyAsync(async () => await Task.FromResult((int?)f.Server.Faults.Injected), n => n > 0, "the SMC watch fails");

        f.Server.Requests.Clear();
        await f.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SpiderMultusConfig.Group, SpiderMultusConfig.Version, "team1", SpiderMultusConfig.Plural, "x");
        await f.CreateSmcAsync("x", Macvlan);
        return first.Metadata.Uid;
    }

    private static int Creates(OperatorFixture f) => f.Server.Requests.Count("create", "network-attachment-definitions");

    private static int LiveGets(OperatorFixture f) => f.Server.Requests.All.Count(r => r.Verb == "get" && r.Resource == "spidermultusconfigs" && r.Name == "x");
}
