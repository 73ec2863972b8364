using System.Diagnostics;
using MultusConfig.Benchmarks;

// bench/run.sh runs everything; "load"/"saturate" are the webhook load tool's own process (see LoadTool),
// "breakdown" splits figure 1 by pipeline stage (see RenderBreakdown).
if (args.Length > 0 && args[0] is "load" or "saturate") return await LoadTool.MainAsync(args);
if (args.Length > 0 && args[0] == "breakdown") return RenderBreakdown.Run(args.Length > 1 ? args[1] : "e01-macvlan");

var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
if (args.SkipWhile(a => a != "--workers").Skip(1).FirstOrDefault() is { } workersFlag) OperatorProcess.Workers = int.Parse(workersFlag, System.Globalization.CultureInfo.InvariantCulture);
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Repo.Path("bench", "results", "latest.json");
// Quick mode scales N down for a smoke run; the default is the N.
var (small, large, reps, repairs) = quick ? (100, 1_000, 2, 50) : (1_000, 10_000, 3, 200);
// One 10,000-SMC convergence takes minutes on a shared 2-core machine; more repetitions do not fit 15 minutes.
var largeReps = int.Parse(args.SkipWhile(a => a != "--large-reps").Skip(1).FirstOrDefault() ?? (quick ? "2" : "1"), System.Globalization.CultureInfo.InvariantCulture);

var results = new Results();
var clock = Stopwatch.StartNew();
Console.WriteLine($"machine: {Machine.Describe()}; load average {Machine.LoadAverage()}");

if (only is null or "render")
{
    Console.WriteLine("== figure 1: render throughput (BenchmarkDotNet, in-process short job)");
    RenderFigure.Run(results, quick);
}

if (only is null or "operator" or "first-write")
{
    Console.WriteLine($"== figure 9: start-up to the first NAD write, {small:#,0} SMCs, {reps} repetitions [{clock.Elapsed:mm\\:ss}]");
    await FirstWriteScenario.RunAsync(results, small, reps);
}

if (only is null or "operator")
{
    var workDir = Directory.CreateTempSubdirectory("multus-bench-").FullName;
    await using var cluster = await Cluster.StartAsync(workDir);
    await cluster.CreateNamespaceAsync("webhook");
    Console.WriteLine($"== figure 2 and 6 (peak): convergence, N={small:#,0} and {large:#,0}, {reps} repetitions [{clock.Elapsed:mm\\:ss}]");
    var ns = await ConvergenceScenario.RunAsync(cluster, results, async () =>
    {
        var op = OperatorProcess.Start(cluster.Kubeconfig, "10m");
        await op.WaitReadyAsync(TimeSpan.FromMinutes(1));
        return op;
    }, small, large, reps, largeReps);
    await using (var op = ConvergenceScenario.RunningOperator!)
    {
        Console.WriteLine($"== figures 3 and 4: recreation and drift repair of {repairs} NADs [{clock.Elapsed:mm\\:ss}]");
        await RepairScenario.RunAsync(cluster, results, ns, large, repairs);
        Console.WriteLine($"== figure 5: webhook latency and throughput [{clock.Elapsed:mm\\:ss}]");
        await WebhookScenario.RunAsync(op, results, workDir, quick);
    }
    Console.WriteLine($"== figures 7, 8 and 6 (steady): start-up, steady writes, memory [{clock.Elapsed:mm\\:ss}]");
    await StartupScenario.RunAsync(cluster, results, large, reps, TimeSpan.FromSeconds(quick ? 5 : 15));
    Directory.Delete(workDir, recursive: true);
}

Console.WriteLine();
Console.WriteLine($"total {clock.Elapsed:mm\\:ss}");
results.Print(Console.Out);
results.Write(output, quick ? "quick" : "full");
Console.WriteLine($"wrote {output}");
return 0;
