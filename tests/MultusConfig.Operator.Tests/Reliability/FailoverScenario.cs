using k8s;
using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>What one SIGKILL failover run measured and checked.</summary>
internal sealed record FailoverOutcome(
    string Killed, string Successor, TimeSpan TakeoverFromKill, TimeSpan TakeoverFromExpiry,
    IReadOnlyList<LeaseTerm> Terms, IReadOnlyDictionary<string, int> ControllerWritesByReplica, List<string> WritesOutsideTheirTerm,
    List<string> DeniedByShippedRbac, int Requests, int Operations, int InvariantChecks);

/// <summary>
/// Two real operator processes elect a leader; during a burst of SMC creates, updates and deletes the leader is
/// killed with SIGKILL (no chance to release the Lease), the standby takes over once the Lease expires, and
/// everything converges. Shared by the test and by <c>bench/soak-failover.sh</c> (which repeats it).
/// </summary>
internal static class FailoverScenario
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(4);

    private const string Ns = "team1";
    private const int SmcCount = 24;

    public static async Task<FailoverOutcome> RunAsync()
    {
        var dir = Directory.CreateTempSubdirectory("failover-").FullName;
        try
        {
            await using var f = await OperatorFixture.StartAsync();
            var kubeconfig = f.Server.WriteKubeconfig(Path.Combine(dir, "kubeconfig"));
            // Lease 4 s, renew deadline 3 s, retry 0.5 s: the shipped ratios, shortened so the test is quick.
            string[] election = ["--leader-elect=true", "--lease-duration", "4s", "--renew-deadline", "3s", "--retry-period", "0.5s", "--workers", "2", "--log-format", "json"];
            using var a = OperatorProcess.Start(kubeconfig, "replica-a", election);
            using var b = OperatorProcess.Start(kubeconfig, "replica-b", election);
            try
            {
                await Task.WhenAll(a.WaitReadyAsync(), b.WaitReadyAsync());
                var lease = await OperatorFixture.EventuallyAsync(f.ReadLeaseAsync, l => l.Spec.HolderIdentity is "replica-a" or "replica-b", "a leader is elected", seconds: 60);
                var (leader, standby) = lease.Spec.HolderIdentity == "replica-a" ? (a, b) : (b, a);

                // Half the SMCs exist and are rendered before the burst, so the burst mixes creates, updates and deletes.
                var alive = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < SmcCount / 2; i++) await CreateAsync(f, alive, i);
                foreach (var name in alive) await OperatorFixture.EventuallyAsync(() => f.GetNadAsync(name), _ => true, $"the leader renders {name}", seconds: 60);

                var ops = BurstOperations(f, alive);
                DateTimeOffset killedAt = default;
                for (var i = 0; i < ops.Count; i++)
                {
                    if (i == ops.Count / 2)
                    {
                        var holder = (await f.ReadLeaseAsync())!.Spec.HolderIdentity;
                        Assert.True(holder == leader.PodName, $"{leader.PodName} lost the lease to {holder} before the kill:\n{leader.Output}");
                        killedAt = DateTimeOffset.UtcNow;
                        await leader.SignalAsync("KILL");
                    }
                    await ops[i]();
                }
                Assert.Equal(137, await leader.WaitForExitAsync()); // 128 + SIGKILL: no graceful path ran

                await OperatorFixture.EventuallyAsync(f.ReadLeaseAsync, l => l.Spec.HolderIdentity == standby.PodName, $"{standby.PodName} takes over", seconds: 60);
                await ConvergedAsync(f, alive);

                var log = f.Server.Requests.All;
                var terms = LeaseTerms.From(log);
                var acquired = terms.Last(t => t.Holder == standby.PodName).Start;
                var leaderTerm = terms.Last(t => t.Holder == leader.PodName && t.Start < killedAt);
                return new FailoverOutcome(
                    leader.PodName, standby.PodName, acquired - killedAt, acquired - (leaderTerm.LastRenewal + LeaseDuration), terms,
                    log.Where(LeaseTerms.IsControllerWrite).GroupBy(w => LeaseTerms.PodOf(w.UserAgent) ?? "?").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                    LeaseTerms.WritesOutsideTheirTerm(log, terms), ShippedRbac.Denied(log),
                    // Checks: each SMC's NAD (rendered, or gone), one writer per lease term, the shipped RBAC.
                    log.Count, SmcCount / 2 + ops.Count, SmcCount + 2);
            }
            catch (Exception e)
            {
                // The processes' own logs usually say why; their tails keep the message readable.
                throw new Xunit.Sdk.XunitException($"{e}\n--- replica-a:\n{Tail(a.Output)}\n--- replica-b:\n{Tail(b.Output)}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Creates of the second half, an update of every third SMC and a delete of every fifth, interleaved.</summary>
    private static List<Func<Task>> BurstOperations(OperatorFixture f, HashSet<string> alive)
    {
        var ops = new List<Func<Task>>();
        for (var i = 0; i < SmcCount; i++)
        {
            var n = i;
            if (n >= SmcCount / 2) ops.Add(() => CreateAsync(f, alive, n));
            if (n % 3 == 0) ops.Add(() => UpdateAsync(f, Name(n)));
            if (n % 5 == 0) ops.Add(() => DeleteAsync(f, alive, Name(n)));
        }
        return ops;
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : "..." + text[^6000..];

    private static string Name(int i) => $"net-{i:D2}";

    private static async Task CreateAsync(OperatorFixture f, HashSet<string> alive, int i)
    {
        var macvlan = $$"""{"master":["ens{{192 + (i % 4)}}"],"vlanID":{{i}}""" + "}";
        await f.CreateSmcAsync(Name(i), """{"cniType":"macvlan","macvlan":""" + macvlan + "}");
        alive.Add(Name(i));
    }

    private static Task UpdateAsync(OperatorFixture f, string name) =>
        f.Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"macvlan":{"master":["ens224"]}}}""", V1Patch.PatchType.MergePatch),
            SpiderMultusConfig.Group, SpiderMultusConfig.Version, Ns, SpiderMultusConfig.Plural, name);

    private static async Task DeleteAsync(OperatorFixture f, HashSet<string> alive, string name)
    {
        await f.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SpiderMultusConfig.Group, SpiderMultusConfig.Version, Ns, SpiderMultusConfig.Plural, name);
        alive.Remove(name);
    }

    /// <summary>Every live SMC has its NAD with the config the operator's renderer gives for the stored SMC; deleted ones have none.</summary>
    private static async Task ConvergedAsync(OperatorFixture f, HashSet<string> alive)
    {
        foreach (var name in alive)
        {
            var smc = (await f.GetSmcAsync(name))!;
            var expected = NadRenderer.Render(smc, RenderProfile.Documented).Nad!.Spec.Config;
            await OperatorFixture.EventuallyAsync(() => f.GetNadAsync(name), n => n.Spec.Config == expected, $"NAD {name} has the rendered config", seconds: 60);
        }
        for (var i = 0; i < SmcCount; i++)
        {
            var name = Name(i);
            if (alive.Contains(name)) continue;
            await OperatorFixture.EventuallyAsync(async () => await f.GetNadAsync(name) is null ? "gone" : null, _ => true, $"NAD {name} of a deleted SMC is gone", seconds: 60);
        }
    }
}
