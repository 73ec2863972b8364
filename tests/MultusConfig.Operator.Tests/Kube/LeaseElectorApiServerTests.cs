using System.Net;
using k8s;
using k8s.Models;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Kube;

/// <summary>
/// The elector and <see cref="KubeLeaseStore"/> against the API server double over real HTTPS. The standby
/// runs on a fake clock, so the Lease can be read between the leader's release and the standby's next round.
/// </summary>
public sealed class LeaseElectorApiServerTests
{
    private const string Namespace = "lease-test";
    private const string LeaseName = "election";
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static async Task<(ApiServerDouble Server, Kubernetes Client)> StartAsync()
    {
        var server = await ApiServerDouble.StartAsync();
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = Namespace } });
        return (server, client);
    }

    [Fact]
    public async Task A_cancelled_leader_releases_the_lease_and_the_standby_leads_in_its_next_round_with_the_lease_written_as_client_go_writes_it()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        // Long leases: the standby can only lead this early because the leader released.
        var leaderStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var leaderKube = new KubeClient(KubeDouble.ConnectionTo(server));
        var leader = new LeaseElector(new KubeLeaseStore(leaderKube, Namespace, LeaseName),
            new LeaseElectorOptions { Identity = "replica-a", LeaseDuration = TimeSpan.FromSeconds(60), RenewDeadline = TimeSpan.FromSeconds(40), RetryPeriod = TimeSpan.FromSeconds(0.5), ReleaseOnCancel = true },
            new LeaderCallbacks { OnStartedLeading = ct => { leaderStarted.TrySetResult(); return Task.Delay(Timeout.Infinite, ct); } });
        using var stopLeader = new CancellationTokenSource();
        var leading = leader.RunAsync(stopLeader.Token);
        await leaderStarted.Task.WaitAsync(HangGuard);
        var held = await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, Namespace);
        Assert.Equal(("replica-a", 60, 0), (held.Spec.HolderIdentity, held.Spec.LeaseDurationSeconds, held.Spec.LeaseTransitions));

        var standbyOptions = new LeaseElectorOptions { Identity = "replica-b", LeaseDuration = TimeSpan.FromSeconds(60), RenewDeadline = TimeSpan.FromSeconds(40), RetryPeriod = TimeSpan.FromSeconds(2), ReleaseOnCancel = true };
        using var standbyKube = new KubeClient(KubeDouble.ConnectionTo(server));
        await using var standby = new ElectorHarness(new KubeLeaseStore(standbyKube, Namespace, LeaseName), options: standbyOptions, jitter: 1);
        var wait = await standby.StartAsync();
        Assert.False(standby.Elector.IsLeading);
        Assert.Equal(["replica-a"], standby.NewLeaders);

        await stopLeader.CancelAsync();
        await leading.WaitAsync(HangGuard);

        var released = await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, Namespace);
        Assert.Equal("", released.Spec.HolderIdentity);
        Assert.Equal(1, released.Spec.LeaseDurationSeconds);
        Assert.Equal(0, released.Spec.LeaseTransitions);
        Assert.Equal(released.Spec.AcquireTime, released.Spec.RenewTime);

        var standbyFrom = standby.Time.GetUtcNow();
        await standby.StepAsync(wait!.Value);

        Assert.True(standby.Elector.IsLeading);
        Assert.True(standby.Time.GetUtcNow() - standbyFrom <= standbyOptions.RetryPeriod * (1 + LeaseElectorOptions.JitterFactor), "one acquire round");
        var taken = await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, Namespace);
        Assert.Equal("replica-b", taken.Spec.HolderIdentity);
        Assert.Equal(60, taken.Spec.LeaseDurationSeconds);
        Assert.Equal(1, taken.Spec.LeaseTransitions);
        Assert.Equal(standby.Time.GetUtcNow().UtcDateTime, taken.Spec.AcquireTime);
        Assert.Equal(taken.Spec.AcquireTime, taken.Spec.RenewTime);
        Assert.Equal(["replica-a", "replica-b"], standby.NewLeaders);
    }

    [Fact]
    public async Task The_lease_store_reports_api_errors_as_KubeApiException_with_the_status_reason_and_Retry_After()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        using var storeKube = new KubeClient(KubeDouble.ConnectionTo(server));
        var store = new KubeLeaseStore(storeKube, Namespace, LeaseName);

        Assert.Null(await store.GetAsync(default));
        var missing = await Assert.ThrowsAsync<KubeApiException>(() => store.ReplaceAsync(new V1Lease { Metadata = new() { Name = LeaseName, ResourceVersion = "1" }, Spec = new() }, default));
        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), (missing.StatusCode, missing.Reason));

        var created = await store.CreateAsync(new V1Lease { Spec = new() { HolderIdentity = "a" } }, default);
        Assert.Equal((LeaseName, Namespace), (created.Metadata.Name, created.Metadata.NamespaceProperty));
        var exists = await Assert.ThrowsAsync<KubeApiException>(() => store.CreateAsync(new V1Lease { Spec = new() }, default));
        Assert.Equal((HttpStatusCode.Conflict, "AlreadyExists"), (exists.StatusCode, exists.Reason));

        var readFirst = new V1Lease { Metadata = new() { Name = LeaseName, ResourceVersion = created.Metadata.ResourceVersion }, Spec = new() { HolderIdentity = "c" } };
        created.Spec.HolderIdentity = "b";
        var current = await store.ReplaceAsync(created, default);
        var stale = await Assert.ThrowsAsync<KubeApiException>(() => store.ReplaceAsync(readFirst, default));
        Assert.Equal((HttpStatusCode.Conflict, "Conflict"), (stale.StatusCode, stale.Reason));
        Assert.False(string.IsNullOrEmpty(stale.StatusMessage));
        Assert.NotEqual(created.Metadata.ResourceVersion, current.Metadata.ResourceVersion);

        server.Faults.FailNext(1, 429, "get", "leases", retryAfterSeconds: 7);
        var throttled = await Assert.ThrowsAsync<KubeApiException>(() => store.GetAsync(default));
        Assert.Equal((HttpStatusCode.TooManyRequests, "TooManyRequests", TimeSpan.FromSeconds(7)), (throttled.StatusCode, throttled.Reason, throttled.RetryAfter));
    }
}
