using k8s;
using k8s.Models;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>API faults delay convergence but lose nothing; leadership moves when the leader stops.</summary>
public class ResilienceTests
{
    private const string Macvlan = """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""";

    [Fact]
    public async Task Injected_500s_409s_and_429s_on_writes_delay_but_do_not_prevent_convergence()
    {
        await using var f = await OperatorFixture.StartAsync();
        f.Server.Faults.FailNext(3, 500, verb: "create", resource: "network-attachment-definitions");
        f.Server.Faults.FailNext(2, 409, verb: "patch", resource: "spidermultusconfigs");
        f.Server.Faults.FailNext(2, 429, verb: "create", resource: "network-attachment-definitions", retryAfterSeconds: 1);
        await f.StartOperatorAsync();
        for (var i = 0; i < 5; i++) await f.CreateSmcAsync($"net-{i}", Macvlan);

        for (var i = 0; i < 5; i++)
        {
            var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync($"net-{i}"), n => true, $"net-{i} NAD despite faults", seconds: 30);
            Assert.Contains("\"master\":\"ens192\"", nad.Spec.Config, StringComparison.Ordinal);
            await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync($"net-{i}"), s => s.Status?.Conditions?.Any(c => c.Status == "True") == true, $"net-{i} Ready", seconds: 30);
        }
    }

    [Fact]
    public async Task Cut_watches_and_compacted_history_are_survived_by_relisting()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        await f.CreateSmcAsync("net-a", Macvlan);
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "first NAD");

        f.Server.CompactHistory();
        f.Server.CutWatches();
        await f.CreateSmcAsync("net-b", Macvlan);
        await f.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", NetworkAttachmentDefinition.Plural, "net-a");

        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-b"), n => true, "NAD of an SMC created while the watch was down", seconds: 30);
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "NAD deleted while the watch was down comes back", seconds: 30);
    }

    [Fact]
    public async Task Two_replicas_elect_one_leader_and_the_standby_takes_over_when_it_stops()
    {
        await using var f = await OperatorFixture.StartAsync();
        void Fast(MultusConfig.Operator.Hosting.OperatorOptions o)
        {
            o.LeaderElect = true;
            o.LeaseDuration = TimeSpan.FromSeconds(2);
            o.RenewDeadline = TimeSpan.FromSeconds(1.5);
            o.RetryPeriod = TimeSpan.FromSeconds(0.5);
        }
        var first = await f.StartOperatorAsync(o => { Fast(o); o.PodName = "replica-a"; });
        var lease = await OperatorFixture.EventuallyAsync(() => f.ReadLeaseAsync(), l => l.Spec.HolderIdentity == "replica-a", "replica-a leads");
        var second = await f.StartOperatorAsync(o => { Fast(o); o.PodName = "replica-b"; });
        await f.CreateSmcAsync("net-a", Macvlan);
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "leader renders");
        Assert.Equal("replica-a", (await f.ReadLeaseAsync())!.Spec.HolderIdentity);

        await f.StopOperatorAsync(first);

        await OperatorFixture.EventuallyAsync(() => f.ReadLeaseAsync(), l => l.Spec.HolderIdentity == "replica-b", "replica-b takes over");
        await f.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", NetworkAttachmentDefinition.Plural, "net-a");
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "the new leader repairs");
        Assert.NotNull(lease);
        Assert.NotNull(second);
    }
}
