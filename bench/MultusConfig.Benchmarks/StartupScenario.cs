using System.Diagnostics;
using k8s;

namespace MultusConfig.Benchmarks;

/// <summary>
/// Figures 7, 8 and the steady half of 6: fresh operator processes against the double holding the
/// converged SMCs and NADs. Start-up is process start to the first 200 from /readyz. The last process
/// runs with a short resync period so that two periods fit the run; every write it makes from /readyz on
/// is counted, then its RSS is read after its next memory trim (the operator's own full collection once quiet).
/// </summary>
internal static class StartupScenario
{
    private static readonly HashSet<string> WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    public static async Task RunAsync(Cluster cluster, Results results, int smcs, int reps, TimeSpan resync)
    {
        var resyncFlag = $"{(int)resync.TotalSeconds}s";
        // Floor for start-up: the bench's own client listing what the operator's informers list (pages of
        // 500, as its InformerOptions), measured in the same run.
        var floor = new List<double>();
        for (var r = 0; r < reps; r++) floor.Add(await ListEverythingAsync(cluster));
        Console.WriteLine($"  floor (list all SMCs and NADs): {string.Join(", ", floor.Select(f => f.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)))} s");
        var startups = new List<double>();
        for (var r = 0; r < reps; r++)
        {
            var op = OperatorProcess.Start(cluster.Kubeconfig, resyncFlag);
            var ready = await op.WaitReadyAsync(TimeSpan.FromMinutes(2));
            startups.Add(Cluster.Seconds(op.StartedAt, ready));
            Console.WriteLine($"  start-up to /readyz: {startups[^1]:0.000} s");
            if (r < reps - 1)
            {
                await op.DisposeAsync();
                continue;
            }

            var before = cluster.Server.Requests.All.Count;
            var window = resync * 2 + TimeSpan.FromSeconds(3);
            Console.WriteLine($"  counting writes for {window.TotalSeconds:0} s (two resync periods of {resyncFlag})");
            await Task.Delay(window);
            var writes = cluster.Server.Requests.All.Skip(before).Where(x => WriteVerbs.Contains(x.Verb)).ToList();
            foreach (var w in writes.Take(5)) Console.WriteLine("    write: " + w);
            var resyncs = await op.MetricAsync("controller_runtime_reconcile_total");

            var (rssBefore, _) = op.Memory();
            var trimmed = await op.WaitForTrimAsync(await op.MetricAsync("multus_config_memory_trims_total"), TimeSpan.FromSeconds(30));
            var (rss, _) = op.Memory();
            await op.DisposeAsync();

            results.Add(new Figure("7", $"start-up to /readyz, {smcs:#,0} SMCs", Stats.Median(startups), "s", "<= 2", Stats.Median(startups) <= 2,
                Stats.Median(floor), Stats.Median(startups) / Stats.Median(floor), startups,
                Note: "baseline: the bench's client listing every SMC and NAD in pages of 500 (what the informers must read before /readyz)"));
            results.Add(new Figure("8", "steady writes over two resync periods", writes.Count, "writes", "0", writes.Count == 0,
                Note: $"resync {resyncFlag} (10m default shortened to fit the run), counted from /readyz on; {resyncs:0} reconciles since the process started"));
            results.Add(new Figure("6", $"operator RSS after sync, settled, {smcs:#,0} SMCs + NADs", rss, "MiB", "<= 75", rss <= 75,
                ConvergenceScenario.EmptyRss, rss / ConvergenceScenario.EmptyRss,
                Note: $"{rssBefore:0.0} MiB before its next memory trim ({(trimmed ? "came" : "none within 30 s")}); baseline: the operator's RSS with an empty cluster"));
        }
    }

    private static async Task<double> ListEverythingAsync(Cluster cluster)
    {
        var start = Stopwatch.GetTimestamp();
        foreach (var (group, version, plural) in new[] { (Cluster.SmcGroup, Cluster.SmcVersion, Cluster.SmcPlural), (Cluster.NadGroup, Cluster.NadVersion, Cluster.NadPlural) })
        {
            string? next = null;
            do
            {
                var page = await cluster.Client.CustomObjects.ListClusterCustomObjectAsync<System.Text.Json.Nodes.JsonObject>(group, version, plural, continueParameter: next, limit: 500);
                next = page["metadata"]?["continue"]?.GetValue<string>();
            }
            while (!string.IsNullOrEmpty(next));
        }
        return Cluster.Seconds(start, Stopwatch.GetTimestamp());
    }
}
