using System.Diagnostics;

namespace MultusConfig.Benchmarks;

/// <summary>
/// Figure 2 (and the peak half of figure 6): N SMCs created until every NAD is correct, against the same
/// client creating the N NADs directly. Each repetition uses a fresh namespace; all but the last 10,000
/// are deleted again so the later figures run with exactly 10,000 SMCs and NADs.
/// </summary>
internal static class ConvergenceScenario
{
    public static async Task<string> RunAsync(Cluster cluster, Results results, Func<Task<OperatorProcess>> startOperator, int small, int large, int reps, int largeReps)
    {
        // Baseline first, before the operator runs, so its NAD informer does not pay for them either.
        var baseSmall = await BaselineAsync(cluster, small, reps);
        var baseLarge = await BaselineAsync(cluster, large, reps);

        var op = await startOperator();
        // Baseline for the memory figures: the same process with nothing to cache yet, settled (after the memory trim
        // that follows its start-up; within about 10 s).
        var settled = await op.WaitForTrimAsync(0, TimeSpan.FromSeconds(30));
        var (emptyRss, _) = op.Memory();
        if (!settled) Console.WriteLine("  (no memory trim within 30 s: the empty figure is unsettled)");
        EmptyRss = emptyRss;
        Console.WriteLine($"  operator RSS with an empty cluster: {emptyRss:0.0} MiB");
        results.Add(new Figure("6", "operator RSS idle, empty cluster, settled", emptyRss, "MiB", "<= 35", emptyRss <= 35,
            Note: "ready, after its start-up memory trim; the Go reference: 41.0 MiB (issue 13)"));
        var convSmall = new List<double>();
        var convLarge = new List<double>();
        string keep = "";
        for (var r = 0; r < reps; r++) convSmall.Add(await ConvergeAsync(cluster, op, $"conv-{small}-{r}", small, deleteAfter: true));
        var logMark = 0;
        for (var r = 0; r < largeReps; r++)
        {
            var last = r == largeReps - 1;
            logMark = cluster.Server.Requests.All.Count;
            keep = $"conv-{large}-{r}";
            convLarge.Add(await ConvergeAsync(cluster, op, keep, large, deleteAfter: !last));
        }
        var (_, peak) = op.Memory();
        // Evidence for the lead: what the operator sent during the last large run (the bench itself only created
        // SMCs), and how often it retried through the rate-limited queue.
        var traffic = string.Join(", ", cluster.Server.Requests.All.Skip(logMark)
            .Where(x => !(x.Verb == "create" && x.Resource == Cluster.SmcPlural))
            .GroupBy(x => $"{x.Verb} {x.Resource}{(x.Subresource is null ? "" : "/" + x.Subresource)} {x.StatusCode}")
            .OrderByDescending(g => g.Count()).Select(g => $"{g.Key}: {g.Count()}"));
        var retries = await op.MetricAsync("workqueue_retries_total");
        var adds = await op.MetricAsync("workqueue_adds_total");
        var reconciles = await op.MetricAsync("controller_runtime_reconcile_total");
        // Mean reconcile time: with a fixed number of workers, throughput is workers / this.
        var reconcileMs = await op.MetricAsync("controller_runtime_reconcile_time_seconds_sum") * 1000 / await op.MetricAsync("controller_runtime_reconcile_time_seconds_count");
        Console.WriteLine($"  operator requests during the last N={large} run: {traffic}");
        Console.WriteLine($"  operator totals: queue adds {adds}, retries {retries}, reconciles {reconciles}, mean reconcile {reconcileMs:0.0} ms");

        var (mb1, mb2, mc1, mc2) = (Stats.Median(baseSmall), Stats.Median(baseLarge), Stats.Median(convSmall), Stats.Median(convLarge));
        results.Add(new Figure("2", $"convergence, N={small:#,0}", mc1, "s", "", null, mb1, mc1 / mb1, convSmall));
        results.Add(new Figure("2", $"convergence, N={large:#,0}", mc2, "s", "<= 1.3x baseline", mc2 / mb2 <= 1.3, mb2, mc2 / mb2, convLarge,
            Note: $"{largeReps} repetition(s); operator requests in the last: {traffic}; operator totals over all runs: queue adds {adds}, retries {retries}, reconciles {reconciles}, mean reconcile {reconcileMs:0.0} ms"));
        results.Add(new Figure("2", $"scaling time({large:#,0})/time({small:#,0})", mc2 / mc1, "x", $"<= {large / small + 1}", mc2 / mc1 <= large / small + 1,
            Note: "ratio of the two medians above"));
        results.Add(new Figure("6", "operator peak RSS during convergence (VmHWM)", peak, "MiB", "<= 90", peak <= 90, emptyRss, peak / emptyRss,
            Note: $"one process through every repetition of both N ({reps}x{small:#,0} and {largeReps}x{large:#,0} SMCs)"));
        RunningOperator = op;
        return keep;
    }

    /// <summary>The operator's RSS once ready with no SMC or NAD: what the runtime and ASP.NET Core cost alone.</summary>
    public static double EmptyRss { get; private set; }

    /// <summary>The operator started for convergence, reused by the repair and webhook figures.</summary>
    public static OperatorProcess? RunningOperator { get; private set; }

    private static async Task<List<double>> BaselineAsync(Cluster cluster, int n, int reps)
    {
        var times = new List<double>();
        for (var r = 0; r < reps; r++)
        {
            var ns = $"base-{n}-{r}";
            await cluster.CreateNamespaceAsync(ns);
            var start = Stopwatch.GetTimestamp();
            await cluster.CreateNadsAsync(ns, n);
            times.Add(Cluster.Seconds(start, Stopwatch.GetTimestamp()));
            Console.WriteLine($"  baseline N={n}: {times[^1]:0.000} s");
            await cluster.DeleteAllAsync(ns, Cluster.NadGroup, Cluster.NadVersion, Cluster.NadPlural);
        }
        return times;
    }

    private static async Task<double> ConvergeAsync(Cluster cluster, OperatorProcess op, string ns, int n, bool deleteAfter)
    {
        var (opCpu, ownCpu) = (op.CpuSeconds(), Environment.CpuUsage.TotalTime.TotalSeconds);
        await cluster.CreateNamespaceAsync(ns);
        var expected = Enumerable.Range(0, n).ToDictionary(Cluster.Name, i => Cluster.ExpectedConfig(ns, Cluster.Name(i)));
        var start = Stopwatch.GetTimestamp();
        var wait = cluster.WaitForNadsAsync(ns, expected, TimeSpan.FromMinutes(8));
        await cluster.CreateSmcsAsync(ns, n);
        var created = Stopwatch.GetTimestamp();
        var done = await wait;
        var seconds = Cluster.Seconds(start, done);
        // Where the 2 cores went: the operator's CPU against this process's (the double and the bench client).
        Console.WriteLine($"  convergence N={n}: {seconds:0.000} s (creates took {Cluster.Seconds(start, created):0.000} s); CPU: operator {op.CpuSeconds() - opCpu:0.0} s, double + bench {Environment.CpuUsage.TotalTime.TotalSeconds - ownCpu:0.0} s");
        if (deleteAfter)
        {
            await cluster.DeleteAllAsync(ns, Cluster.SmcGroup, Cluster.SmcVersion, Cluster.SmcPlural);
            await cluster.WaitGoneAsync(ns, expected.Keys, TimeSpan.FromMinutes(3));
        }
        return seconds;
    }
}
