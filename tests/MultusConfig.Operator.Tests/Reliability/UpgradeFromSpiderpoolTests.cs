using k8s;
using k8s.Models;
using MultusConfig.ApiServer;
using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;
using MultusConfig.Operator.Controller;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// Switching from Spiderpool's SMC controller to ours with <c>--render-profile=spiderpool</c>: the NADs
/// Spiderpool created for the same SMCs (its controller reference with the SMC's uid, its config) are
/// taken over without a single NAD write; a NAD that differs only in the kubectl bookkeeping
/// Spiderpool copied from the SMC (D13) is fixed with one write.
/// </summary>
public sealed class UpgradeFromSpiderpoolTests
{
    private const string LastApplied = Annotations.LastAppliedConfiguration;
    private const string Sentinel = "zz-sentinel";

    /// <summary>One of each common cniType; odd ones carry annotations the reference copies too.</summary>
    private static IEnumerable<(string Name, string Spec, Dictionary<string, string>? Annotations)> Smcs(bool withLastApplied)
    {
        var kinds = SmcCatalog.ValidKinds;
        for (var i = 0; i < kinds.Length * 2; i++)
        {
            var kind = kinds[i % kinds.Length];
            Dictionary<string, string>? annotations = kind == "custom" ? null
                : i % 2 == 1 ? new() { ["multus.spidernet.io/cni-version"] = "0.4.0", ["team.example/owner"] = "blue" } : null;
            if (withLastApplied) (annotations ??= [])[LastApplied] = """{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":{"name":"up-""" + i + "\"}}";
            yield return ($"up-{i}", SmcCatalog.Valid(kind, i), annotations);
        }
    }

    /// <summary>
    /// Creates the SMCs and, for each, the NAD Spiderpool's controller would have written: the spiderpool
    /// profile's rendering, every SMC annotation copied (last-applied-configuration included), its
    /// controller reference. With <paramref name="readyStatus"/> the SMCs also carry the status our
    /// operator would write, as after an earlier run of ours.
    /// </summary>
    private static async Task<List<SpiderMultusConfig>> ArrangeReferenceAsync(OperatorFixture f, bool withLastApplied, bool readyStatus)
    {
        var created = new List<SpiderMultusConfig>();
        foreach (var (name, spec, annotations) in Smcs(withLastApplied))
        {
            var smc = await f.CreateSmcAsync(name, spec, annotations is null ? null : KubernetesJson.Serialize(annotations));
            var rendered = NadRenderer.Render(smc, RenderProfile.Spiderpool);
            Assert.Null(rendered.Error);
            var nad = rendered.Nad!;
            if (annotations?.TryGetValue(LastApplied, out var applied) == true) (nad.Metadata.Annotations ??= new Dictionary<string, string>())[LastApplied] = applied;
            await f.Client.CustomObjects.CreateNamespacedCustomObjectAsync(nad, NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", NetworkAttachmentDefinition.Plural);
            if (readyStatus)
            {
                var status = SmcStatus.Desired(smc, nad.Metadata.Name, true, ReadyReasons.Synced, $"NetworkAttachmentDefinition {nad.Metadata.Name} is up to date", DateTime.UtcNow);
                smc = await f.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync<SpiderMultusConfig>(new V1Patch(KubernetesJson.Serialize(new { status }), V1Patch.PatchType.MergePatch),
                    SpiderMultusConfig.Group, SpiderMultusConfig.Version, "team1", SpiderMultusConfig.Plural, name);
            }
            created.Add(smc);
        }
        return created;
    }

    /// <summary>
    /// Starts the operator with the spiderpool profile and one worker, then creates a last SMC and waits
    /// for the end of its reconcile: the queue is first-in first-out, so every SMC listed at start-up has been reconciled.
    /// </summary>
    private static async Task StartOperatorAndDrainAsync(OperatorFixture f, MultusConfig.Operator.Kube.KubeClient operatorClient)
    {
        await f.StartOperatorAsync(o =>
        {
            o.RenderProfile = RenderProfile.Spiderpool;
            o.Workers = 1;
        }, operatorClient);
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<object?>(f.Server.Requests.All.Any(r => r.UserAgent == OperatorUserAgent.Value && r.Verb == "watch" && r.Resource == "spidermultusconfigs") ? new object() : null),
            _ => true, "the operator watches SMCs", seconds: 60);
        await f.CreateSmcAsync(Sentinel, SmcCatalog.Valid("macvlan", 1));
        // Its Event is the last thing its reconcile does.
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<object?>(f.Server.List("v1", "Event", "team1").Any(e => e["involvedObject"]?["name"]?.GetValue<string>() == Sentinel) ? new object() : null),
            _ => true, "the sentinel's Event", seconds: 60);
    }

    /// <summary>The operator's writes of a resource, but for the sentinel's (a create names its object in the body, so creates stay in).</summary>
    private static List<RequestRecord> OperatorWrites(ApiServerDouble server, string resource, string? subresource = null) =>
        [.. server.Requests.All.Where(r => r.UserAgent == OperatorUserAgent.Value && r.Resource == resource && r.Subresource == subresource
            && r.Verb is "create" or "update" or "patch" or "delete" && r.Name != Sentinel)];

    [Fact]
    public async Task Spiderpool_NADs_of_SMCs_whose_status_is_already_correct_are_taken_over_with_zero_writes()
    {
        await using var f = await OperatorFixture.StartAsync();
        using var operatorClient = OperatorUserAgent.CreateClient(f.Server);
        var smcs = await ArrangeReferenceAsync(f, withLastApplied: false, readyStatus: true);
        var before = smcs.ToDictionary(s => s.Metadata.Name, s => f.Server.Get("k8s.cni.cncf.io/v1", "NetworkAttachmentDefinition", "team1", s.Metadata.Name)!["metadata"]!["resourceVersion"]!.GetValue<string>());

        await StartOperatorAndDrainAsync(f, operatorClient);

        // The one NAD create and the one Event are the sentinel's.
        Assert.Equal(["create"], OperatorWrites(f.Server, NetworkAttachmentDefinition.Plural).Select(r => r.Verb));
        Assert.Empty(OperatorWrites(f.Server, SpiderMultusConfig.Plural, "status"));
        Assert.Single(OperatorWrites(f.Server, "events"));
        foreach (var (name, rv) in before)
            Assert.Equal(rv, f.Server.Get("k8s.cni.cncf.io/v1", "NetworkAttachmentDefinition", "team1", name)!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Spiderpool_NADs_are_taken_over_without_NAD_writes_and_each_SMC_gets_one_status_write_when_it_had_none()
    {
        await using var f = await OperatorFixture.StartAsync();
        using var operatorClient = OperatorUserAgent.CreateClient(f.Server);
        var smcs = await ArrangeReferenceAsync(f, withLastApplied: false, readyStatus: false);

        await StartOperatorAndDrainAsync(f, operatorClient);

        Assert.Equal(["create"], OperatorWrites(f.Server, NetworkAttachmentDefinition.Plural).Select(r => r.Verb)); // the sentinel's
        var statusWrites = OperatorWrites(f.Server, SpiderMultusConfig.Plural, "status");
        Assert.Equal(smcs.Select(s => s.Metadata.Name).Order(), statusWrites.Select(r => r.Name!).Order());
        foreach (var smc in smcs)
        {
            var ready = (await f.GetSmcAsync(smc.Metadata.Name))!.Status!.Conditions!.Single(c => c.Type == "Ready");
            Assert.Equal(("True", ReadyReasons.Synced), (ready.Status, ready.Reason));
        }
    }

    [Fact]
    public async Task Spiderpool_NADs_that_differ_only_by_the_copied_last_applied_configuration_are_fixed_with_one_write_each()
    {
        await using var f = await OperatorFixture.StartAsync();
        using var operatorClient = OperatorUserAgent.CreateClient(f.Server);
        var smcs = await ArrangeReferenceAsync(f, withLastApplied: true, readyStatus: true);

        await StartOperatorAndDrainAsync(f, operatorClient);

        var writes = OperatorWrites(f.Server, NetworkAttachmentDefinition.Plural).Where(r => r.Verb != "create").ToList(); // the create is the sentinel's
        Assert.Equal(smcs.Select(s => s.Metadata.Name).Order(), writes.Select(r => r.Name!).Order());
        Assert.All(writes, w => Assert.Equal(("update", 200), (w.Verb, w.StatusCode)));
        foreach (var smc in smcs)
        {
            var nad = (await f.GetNadAsync(smc.Metadata.Name))!;
            var desired = NadRenderer.Render(smc, RenderProfile.Spiderpool).Nad!;
            ManagedAnnotations.Stamp(desired); // the write records the keys it owns
            Assert.False(nad.Metadata.Annotations?.ContainsKey(LastApplied) ?? false);
            Assert.Equal(desired.Spec.Config, nad.Spec.Config);
            Assert.Equal(desired.Metadata.Annotations ?? new Dictionary<string, string>(), nad.Metadata.Annotations ?? new Dictionary<string, string>());
        }
        Assert.Empty(OperatorWrites(f.Server, SpiderMultusConfig.Plural, "status"));
    }
}
