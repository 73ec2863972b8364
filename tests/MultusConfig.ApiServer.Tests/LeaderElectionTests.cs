using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace MultusConfig.ApiServer.Tests;

/// <summary>KubernetesClient's own LeaderElector (what the operator runs) against the double's Leases.</summary>
public sealed class LeaderElectionTests
{
    [Fact]
    public async Task Leader_election_over_a_Lease_hands_over_when_the_leader_stops()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var clientA = server.CreateClient();
        using var clientB = server.CreateClient();
        LeaderElector Elector(k8s.Kubernetes client, string id) => new(new LeaderElectionConfig(new LeaseLock(client, "kube-system", "smc-operator", id))
        {
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        });
        using var a = Elector(clientA, "pod-a");
        using var b = Elector(clientB, "pod-b");
        var aLeads = new TaskCompletionSource();
        var bLeads = new TaskCompletionSource();
        a.OnStartedLeading += () => aLeads.TrySetResult();
        b.OnStartedLeading += () => bLeads.TrySetResult();
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunUntilLeadershipLostAsync(stopA.Token);
        await aLeads.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var runB = b.RunUntilLeadershipLostAsync(stopB.Token);
        var lease = await clientA.CoordinationV1.ReadNamespacedLeaseAsync("smc-operator", "kube-system");
        Assert.Equal("pod-a", lease.Spec.HolderIdentity);

        await stopA.CancelAsync();
        await Record.ExceptionAsync(() => runA);
        await bLeads.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("pod-b", (await clientB.CoordinationV1.ReadNamespacedLeaseAsync("smc-operator", "kube-system")).Spec.HolderIdentity);
        await stopB.CancelAsync();
        await Record.ExceptionAsync(() => runB);
    }
}
