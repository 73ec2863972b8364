using System.Globalization;
using System.Web;
using k8s;
using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;
using MultusConfig.Operator.Tests.Reliability;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>
/// Watches the API server drops mid-stream (restart, load balancer reset, HTTP/2 GOAWAY): the operator
/// resumes after the last event it read and never goes back to an older state of an object.
/// </summary>
public sealed class WatchResetTests
{
    private const string Smcs = "spidermultusconfigs";

    private static string Macvlan(string master) => $$$"""{"cniType":"macvlan","macvlan":{"master":["{{{master}}}"]}}""";

    [Fact]
    public async Task A_watch_reset_mid_stream_never_makes_the_operator_write_a_NAD_config_of_an_older_SMC_generation()
    {
        await using var f = await OperatorFixture.StartAsync();
        var history = new NadConfigHistory(f.Server);
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        await f.CreateSmcAsync("net-a", Macvlan("eth1"));
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => n.Spec.Config.Contains("\"eth1\"", StringComparison.Ordinal), "NAD with eth1");
        await SetMasterAsync(f, "eth6");
        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => n.Spec.Config.Contains("\"eth6\"", StringComparison.Ordinal), "NAD with eth6");
        var generationAtEth6 = nad.Metadata.Generation;
        var smcVersion = long.Parse((await f.GetSmcAsync("net-a"))!.Metadata.ResourceVersion, CultureInfo.InvariantCulture);

        // The operator's SMC watch has delivered both changes; now it is dropped under it, and every stream it
        // opens while the fault is on is dropped again right after its first event.
        f.Server.Faults.ResetWatchesAfter(1, Smcs);
        var watchesBefore = f.Server.Requests.All.Count(r => r.Verb == "watch" && r.Resource == Smcs);
        f.Server.CutWatches(abort: true);
        // Either the operator resumed after what it had read (a stream from there carries no event and stays
        // open), or it went back to an older resourceVersion and keeps being reset on the replayed events.
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<string?>(string.Join(", ", SmcWatchesAfter(f, watchesBefore))),
            _ => SmcWatchesAfter(f, watchesBefore) is var w && (w.Any(r => r.From >= smcVersion && r.Open) || w.Count >= 3),
            "the operator watches SMCs again", seconds: 60);
        f.Server.Faults.Clear();

        await SetMasterAsync(f, "eth7");
        nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => n.Spec.Config.Contains("\"eth7\"", StringComparison.Ordinal), "NAD with eth7");
        // The soak's invariant, then the count: one write per SMC change, eth1 (1), eth6 (2), eth7 (3). A replay
        // from the list's resourceVersion wrote eth1 back over eth6, then eth6 again, before eth7.
        var wentBack = new Invariants(f.Server, new WorkloadLedger(), RenderProfile.Documented).CheckNadConfigsNeverGoBack(history);
        Assert.True(wentBack.Count == 0, Invariants.Describe(wentBack));
        Assert.Equal(generationAtEth6 + 1, nad.Metadata.Generation);
    }

    private static List<(long From, bool Open)> SmcWatchesAfter(OperatorFixture f, int skip) => f.Server.Requests.All
        .Where(r => r.Verb == "watch" && r.Resource == Smcs).Skip(skip)
        .Select(r => (long.Parse(HttpUtility.ParseQueryString(r.Query)["resourceVersion"] ?? "0", CultureInfo.InvariantCulture), r.StatusCode == 0))
        .ToList();

    private static async Task SetMasterAsync(OperatorFixture f, string master)
    {
        var patch = new V1Patch($$$$"""{"spec":{"macvlan":{"master":["{{{{master}}}}"]}}}""", V1Patch.PatchType.MergePatch);
        await f.Client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, SpiderMultusConfig.Group, SpiderMultusConfig.Version, "team1", SpiderMultusConfig.Plural, "net-a");
    }
}
