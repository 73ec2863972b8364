using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MultusConfig.Benchmarks;

/// <summary>Runs <see cref="RenderBenchmarks"/> with a short in-process job and turns the summary into figures.</summary>
internal static class RenderFigure
{
    public static void Run(Results results, bool quick)
    {
        // In-process: no per-benchmark project build, which would cost minutes on 2 cores. Short job: a
        // render takes microseconds, so a few 250 ms iterations already hold hundreds of thousands of calls.
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(quick ? 1 : 3).WithIterationCount(quick ? 3 : 5)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(quick ? 100 : 250))
            .WithLaunchCount(1);
        var config = ManualConfig.CreateEmpty().AddJob(job).AddLogger(NullLogger.Instance)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .WithArtifactsPath(Repo.Path("bench", "results", "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.DisableLogFile);
        // In-process runs share one JIT: without this the first case would be measured on tier-0 code
        // while later ones get the tier-1 (PGO) code the earlier cases produced.
        var manifests = RenderBenchmarks.Examples().Select(RenderBenchmarks.Load).ToArray();
        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(quick ? 1 : 3))
            foreach (var m in manifests) MultusConfig.Core.Pipeline.SmcProcessor.Process(m, "default", MultusConfig.Core.Pipeline.RenderProfile.Documented);
        var summary = BenchmarkRunner.Run<RenderBenchmarks>(config);

        foreach (var report in summary.Reports.OrderBy(r => r.BenchmarkCase.Parameters["Example"] as string, StringComparer.Ordinal))
        {
            var example = (string)report.BenchmarkCase.Parameters["Example"];
            if (report.ResultStatistics is not { } stats)
            {
                results.Add(new Figure("1", $"render {example}", double.NaN, "renders/s", "", false, Note: "benchmark failed"));
                continue;
            }
            var perSecond = 1e9 / stats.Median;
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            var isTarget = example == "e01-macvlan";
            results.Add(new Figure("1", $"render throughput, {example}", perSecond, "renders/s",
                isTarget ? ">= 300,000" : "", isTarget ? perSecond >= 300_000 : null,
                Samples: [.. stats.OriginalValues.Select(ns => 1e9 / ns)]));
            results.Add(new Figure("1", $"allocated per render, {example}", bytes, "B",
                isTarget ? "<= 2,048" : "", isTarget ? bytes <= 2048 : null));
        }
    }
}
