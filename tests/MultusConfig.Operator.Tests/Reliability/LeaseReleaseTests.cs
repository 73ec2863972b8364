using MultusConfig.Operator.Tests.Controller;
using Xunit.Abstractions;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// A leader that stops cleanly hands the Lease over at once (client-go's ReleaseOnCancel), so a rolling update does
/// not leave the cluster without a controller for the lease duration. The leases here are long (30–60 s): a
/// takeover before the old holder's lease would have expired can only come from the release.
/// </summary>
public sealed class LeaseReleaseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LongLease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_leader_stopped_cleanly_leaves_the_lease_with_an_empty_holder_and_a_one_second_duration()
    {
        await using var f = await OperatorFixture.StartAsync();
        var app = await f.StartOperatorAsync(o =>
        {
            o.LeaderElect = true;
            o.PodName = "replica-a";
            o.LeaseDuration = TimeSpan.FromSeconds(60);
            o.RenewDeadline = TimeSpan.FromSeconds(40);
            o.RetryPeriod = TimeSpan.FromSeconds(0.5);
        });
        await OperatorFixture.EventuallyAsync(f.ReadLeaseAsync, l => l.Spec.HolderIdentity == "replica-a", "replica-a leads");

        await f.StopOperatorAsync(app);

        var lease = (await f.ReadLeaseAsync())!;
        Assert.Equal("", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseDurationSeconds);
    }

    [Fact]
    public async Task A_SIGTERMed_leader_releases_the_lease_at_info_and_the_standby_takes_over_before_the_lease_would_have_expired()
    {
        var dir = Directory.CreateTempSubdirectory("lease-release-").FullName;
        try
        {
            await using var f = await OperatorFixture.StartAsync();
            var kubeconfig = f.Server.WriteKubeconfig(Path.Combine(dir, "kubeconfig"));
            string[] election = ["--leader-elect=true", "--lease-duration", "30s", "--renew-deadline", "20s", "--retry-period", "0.5s", "--workers", "1"];
            using var a = OperatorProcess.Start(kubeconfig, "replica-a", election);
            using var b = OperatorProcess.Start(kubeconfig, "replica-b", election);
            await Task.WhenAll(a.WaitReadyAsync(), b.WaitReadyAsync());
            var lease = await OperatorFixture.EventuallyAsync(f.ReadLeaseAsync, l => l.Spec.HolderIdentity is "replica-a" or "replica-b", "a leader is elected", seconds: 60);
            var (leader, standby) = lease.Spec.HolderIdentity == "replica-a" ? (a, b) : (b, a);

            var signalledAt = DateTimeOffset.UtcNow;
            await leader.SignalAsync("TERM");
            Assert.Equal(0, await leader.WaitForExitAsync());
            // The bound is a hang guard only; the claim is the comparison of the request log's times below.
            await OperatorFixture.EventuallyAsync(f.ReadLeaseAsync, l => l.Spec.HolderIdentity == standby.PodName, $"{standby.PodName} takes over", seconds: 120);

            var log = f.Server.Requests.All;
            var lastRenewal = log.Where(r => r.Resource == "leases" && r.Verb is "create" or "update" && r.StatusCode is >= 200 and < 300
                                             && LeaseTerms.PodOf(r.UserAgent) == leader.PodName && r.Time < signalledAt).Max(r => r.Time);
            var acquired = LeaseTerms.From(log).Last(t => t.Holder == standby.PodName).Start;
            output.WriteLine($"{standby.PodName} acquired {(acquired - lastRenewal).TotalSeconds:F2} s after {leader.PodName}'s last renewal (lease {LongLease.TotalSeconds} s)");
            Assert.True(acquired < lastRenewal + LongLease,
                $"{standby.PodName} acquired the lease only {(acquired - lastRenewal).TotalSeconds:F2} s after the last renewal: it waited for expiry\n{leader.Output}");

            var lines = leader.Output.Split('\n');
            Assert.Contains(lines, l => l.Contains("info:", StringComparison.Ordinal) && l.Contains("released the lease", StringComparison.Ordinal));
            // (The election race at start-up logs 409s on create; those are not about stopping.)
            var warnings = lines.Where(l => (l.Contains("warn:", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal))
                                            && (l.Contains("lost", StringComparison.Ordinal) || l.Contains("release", StringComparison.Ordinal) || l.Contains("gave up", StringComparison.Ordinal))).ToList();
            Assert.True(warnings.Count == 0, "a clean stop logged warnings:\n" + string.Join("\n", warnings));
            Assert.Empty(ShippedRbac.Denied(log));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
