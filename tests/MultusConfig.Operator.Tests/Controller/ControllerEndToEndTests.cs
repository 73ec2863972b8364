using k8s;
using k8s.Models;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>The controller against the API server double: create, repair, adopt, refuse, report.</summary>
public class ControllerEndToEndTests
{
    private const string DocumentedMacvlan =
        """{"cniVersion":"0.3.1","name":"macvlan-ens192","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""";

    [Fact]
    public async Task An_smc_gets_its_nad_with_the_documented_config_an_owner_reference_and_ready_status()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync();
        var smc = await f.CreateSmcAsync("macvlan-ens192", """{"cniType":"macvlan","enableCoordinator":true,"macvlan":{"master":["ens192"]}}""");

        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("macvlan-ens192"), n => true, "NAD created");
        Assert.Equal(DocumentedMacvlan, nad.Spec.Config);
        var owner = Assert.Single(nad.Metadata.OwnerReferences);
        Assert.Equal((smc.Metadata.Uid, "SpiderMultusConfig", true, true), (owner.Uid, owner.Kind, owner.Controller, owner.BlockOwnerDeletion));

        var status = await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("macvlan-ens192"),
            s => s.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, "Ready=True");
        Assert.Equal("macvlan-ens192", status.Status!.NetworkAttachmentDefinition);
        Assert.Equal(status.Metadata.Generation, status.Status.ObservedGeneration);
    }

    [Fact]
    public async Task Last_transition_time_is_written_in_whole_seconds_as_kubernetes_times_are()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync();
        await f.CreateSmcAsync("net-a", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");
        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("net-a"), s => s.Status?.Conditions?.Count > 0, "status written");

        var stored = f.Server.Get(SpiderMultusConfig.GroupVersion, SpiderMultusConfig.KindName, "team1", "net-a")!;
        var time = (string)stored["status"]!["conditions"]![0]!["lastTransitionTime"]!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", time);
    }

    [Fact]
    public async Task A_deleted_nad_is_recreated_from_its_watch_event()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        await f.CreateSmcAsync("net-a", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");
        var first = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "NAD created");

        await f.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", NetworkAttachmentDefinition.Plural, "net-a");

        var again = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => n.Metadata.Uid != first.Metadata.Uid, "NAD recreated (resync is an hour away)");
        Assert.Equal(first.Spec.Config, again.Spec.Config);
    }

    [Fact]
    public async Task An_edited_config_is_put_back_and_a_foreign_annotation_survives()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        await f.CreateSmcAsync("net-a", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");
        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "NAD created");
        var rendered = nad.Spec.Config;

        nad.Spec.Config = """{"cniVersion":"0.3.1","name":"net-a","plugins":[{"type":"bridge"}]}""";
        nad.Metadata.Annotations = new Dictionary<string, string> { ["team.example.com/owner"] = "blue" };
        await f.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(nad, NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", NetworkAttachmentDefinition.Plural, "net-a");

        var repaired = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => n.Spec.Config == rendered, "config put back");
        Assert.Equal("blue", repaired.Metadata.Annotations["team.example.com/owner"]);
    }

    [Fact]
    public async Task A_config_with_non_ascii_text_costs_no_writes_once_converged_and_a_one_letter_edit_is_put_back()
    {
        // The cache keeps NAD configs as UTF-8: 2-, 3- and 4-byte characters must compare exactly.
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromMilliseconds(300));
        await f.CreateSmcAsync("net-a", """{"cniType":"custom","customCNI":"{\"cniVersion\":\"0.3.1\",\"name\":\"net-a\",\"type\":\"macvlan\",\"note\":\"über-网络-🚀\"}"}""");
        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "NAD created");
        var rendered = nad.Spec.Config;
        Assert.Contains("über-网络-🚀", rendered, StringComparison.Ordinal);
        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("net-a"), s => s.Status?.Conditions?.Any(c => c.Reason == "Synced") == true, "Synced");

        f.Server.Requests.Clear();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var writes = f.Server.Requests.All.Where(r => r.Verb is "create" or "update" or "patch" or "delete").ToList();
        Assert.True(writes.Count == 0, $"{writes.Count} writes over resyncs of a converged NAD, e.g. " + string.Join("; ", writes.Take(5)));

        // As many characters and UTF-8 bytes, one letter different.
        nad.Spec.Config = rendered.Replace("über", "öber", StringComparison.Ordinal);
        await f.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(nad, NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", NetworkAttachmentDefinition.Plural, "net-a");
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => n.Spec.Config == rendered, "config put back");
    }

    [Fact]
    public async Task A_same_name_nad_is_adopted_and_its_previous_config_kept()
    {
        await using var f = await OperatorFixture.StartAsync();
        const string old = """{"cniVersion":"0.3.1","name":"net-a","type":"macvlan","master":"eth9"}""";
        await f.Client.CustomObjects.CreateNamespacedCustomObjectAsync(new NetworkAttachmentDefinition
        {
            Metadata = new V1ObjectMeta { Name = "net-a", NamespaceProperty = "team1", Labels = new Dictionary<string, string> { ["keep"] = "me" } },
            Spec = new NetworkAttachmentDefinitionSpec { Config = old },
        }, NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", NetworkAttachmentDefinition.Plural);
        await f.StartOperatorAsync();
        var smc = await f.CreateSmcAsync("net-a", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");

        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => n.Metadata.OwnerReferences?.Count > 0, "NAD adopted");
        Assert.Equal(smc.Metadata.Uid, nad.Metadata.OwnerReferences.Single().Uid);
        Assert.Equal(old, nad.Metadata.Annotations[Annotations.PreviousConfig]);
        Assert.Equal("me", nad.Metadata.Labels["keep"]);
        Assert.Contains("\"master\":\"ens192\"", nad.Spec.Config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nad_controlled_by_another_smc_is_never_touched_and_the_smc_reports_a_name_conflict()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync();
        await f.CreateSmcAsync("first", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""", """{"multus.spidernet.io/cr-name":"shared"}""");
        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("shared"), n => true, "first SMC's NAD");

        await f.CreateSmcAsync("second", """{"cniType":"ipvlan","ipvlan":{"master":["eth1"]}}""", """{"multus.spidernet.io/cr-name":"shared"}""");
        var second = await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("second"),
            s => s.Status?.Conditions?.Any(c => c.Reason == "NameConflict") == true, "NameConflict reported");
        Assert.Contains("first", second.Status!.Conditions!.Single().Message, StringComparison.Ordinal);

        var after = await f.GetNadAsync("shared");
        Assert.Equal(nad.Metadata.ResourceVersion, after!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task An_invalid_smc_that_bypassed_admission_is_not_rendered_and_reports_every_error()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync();
        await f.CreateSmcAsync("bad", """{"cniType":"macvlan","macvlan":{"master":["a","b"]},"coordinator":{"podMACPrefix":"zz"}}""");

        var smc = await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("bad"),
            s => s.Status?.Conditions?.Any(c => c.Reason == "Invalid") == true, "Ready=False Invalid");
        var message = smc.Status!.Conditions!.Single().Message;
        Assert.Contains("spec.macvlan.bond", message, StringComparison.Ordinal);
        Assert.Contains("spec.coordinator.podMACPrefix", message, StringComparison.Ordinal);
        Assert.Null(await f.GetNadAsync("bad"));
    }

    [Fact]
    public async Task Deleting_the_smc_removes_its_nad_through_garbage_collection()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync();
        await f.CreateSmcAsync("net-a", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "NAD created");

        await f.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SpiderMultusConfig.Group, SpiderMultusConfig.Version, "team1", SpiderMultusConfig.Plural, "net-a");

        await OperatorFixture.EventuallyAsync(async () => await f.GetNadAsync("net-a") is null ? "gone" : null, _ => true, "NAD garbage-collected");
    }

    [Fact]
    public async Task A_converged_set_of_1000_smcs_costs_no_writes_over_resyncs()
    {
        const int count = 1000;
        await using var f = await OperatorFixture.StartAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await f.CreateSmcAsync($"net-{i}", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""", i % 2 == 0 ? null : """{"team":"blue"}"""));
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromMilliseconds(500));
        await OperatorFixture.EventuallyAsync(async () =>
        {
            var list = await f.Client.CustomObjects.ListNamespacedCustomObjectAsync<SpiderMultusConfigList>(SpiderMultusConfig.Group, SpiderMultusConfig.Version, "team1", SpiderMultusConfig.Plural);
            return (int?)list.Items.Count(s => s.Status?.Conditions?.Any(c => c.Status == "True") == true);
        }, ready => ready == count, $"all {count} SMCs ready", seconds: 120);
        // Let the first resync after convergence pass, then watch two more.
        await Task.Delay(TimeSpan.FromSeconds(1));

        f.Server.Requests.Clear();
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var writes = f.Server.Requests.All.Where(r => r.Verb is "create" or "update" or "patch" or "delete").ToList();
        Assert.True(writes.Count == 0, $"{writes.Count} writes in steady state, e.g. " + string.Join("; ", writes.Take(5)));
    }
}
