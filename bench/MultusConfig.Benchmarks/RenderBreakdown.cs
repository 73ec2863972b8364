using System.Diagnostics;
using System.Globalization;
using MultusConfig.Core.Defaulting;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;
using MultusConfig.Core.Validation;

namespace MultusConfig.Benchmarks;

/// <summary>
/// <c>breakdown [EXAMPLE]</c>: where figure 1's time and bytes go, stage by stage of <see cref="SmcProcessor.Process"/>
/// (allocated bytes from the runtime's per-thread counter, time from a stopwatch; warm, single thread).
/// A diagnostic for the README's explanation of figure 1, not a figure itself.
/// </summary>
internal static class RenderBreakdown
{
    public static int Run(string example)
    {
        const int n = 50_000;
        var manifest = RenderBenchmarks.Load(example);
        var (smc, _) = SmcDocument.Parse(manifest);
        StoredDefaults.Apply(smc!);
        var stages = new (string Name, Action Body)[]
        {
            ("whole Process", () => SmcProcessor.Process(manifest, "default", RenderProfile.Documented)),
            ("  manifest.DeepClone (Parse copies only to prune)", () => manifest.DeepClone()),
            ("  SmcDocument.Parse (schema check, bind)", () => SmcDocument.Parse(manifest)),
            ("  StoredDefaults.Apply", () => StoredDefaults.Apply(smc!)),
            ("  SmcValidator.Validate", () => SmcValidator.Validate(smc!)),
            ("  NadRenderer.Render", () => NadRenderer.Render(smc!, RenderProfile.Documented)),
            // Again at the end: on a loaded machine the first row can still run code the JIT has not yet optimized.
            ("whole Process, measured last", () => SmcProcessor.Process(manifest, "default", RenderProfile.Documented)),
        };
        Console.WriteLine($"{example}, {n:#,0} calls per stage after warm-up; load average {Machine.LoadAverage()}");
        foreach (var (name, body) in stages)
        {
            for (var i = 0; i < n; i++) body();
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            // CPU time besides wall time: on a shared, overloaded machine the wall clock mostly measures the others.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < n; i++) body();
            watch.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-50} {watch.Elapsed.TotalMilliseconds * 1000 / n,8:0.00} us {cpu.TotalMilliseconds * 1000 / n,8:0.00} us cpu {bytes / n,8:#,0} B"));
        }
        return 0;
    }
}
