using MultusConfig.Operator.Metrics;

namespace MultusConfig.Operator.Tests.Metrics;

/// <summary>Counters, gauges and histograms under concurrent use, on the hot path, and with bad input.</summary>
public sealed class MetricSeriesTests
{
    private const int Threads = 8;
    // Long enough that the threads overlap on a busy two-core machine (a plain += loses updates here; Interlocked must not).
    private const int PerThread = 200_000;

    [Fact]
    public void Concurrent_increments_and_observations_are_not_lost()
    {
        var registry = new MetricRegistry();
        var counter = registry.CreateCounter("c_total", "C.", "name");
        var gauge = registry.CreateGauge("g", "G.");
        var upDown = registry.CreateGauge("u", "U.");
        var histogram = registry.CreateHistogram("h_seconds", "H.", [0.5, 2], "name");

        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                counter.WithLabels("x").Inc();
                gauge.Inc(0.5);
                upDown.Inc(3);
                upDown.Dec(3);
                histogram.WithLabels("x").Observe(t % 2 == 0 ? 0.25 : 1);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(Threads * PerThread, counter.WithLabels("x").Value);
        Assert.Equal(Threads * PerThread * 0.5, gauge.Value);
        Assert.Equal(0, upDown.Value);
        var series = histogram.WithLabels("x");
        Assert.Equal(Threads * PerThread, series.Count);
        Assert.Equal(Threads / 2 * PerThread * 0.25 + Threads / 2 * PerThread * 1, series.Sum);
        var lines = registry.Export().Split('\n');
        Assert.Contains($"h_seconds_bucket{{name=\"x\",le=\"0.5\"}} {Threads / 2 * PerThread}", lines);
        Assert.Contains($"h_seconds_bucket{{name=\"x\",le=\"+Inf\"}} {Threads * PerThread}", lines);
    }

    [Fact]
    public void Concurrent_first_uses_of_one_label_set_create_one_series()
    {
        var registry = new MetricRegistry();
        var counter = registry.CreateCounter("c_total", "C.", "name");

        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 100; i++) counter.WithLabels("k" + (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var samples = registry.Export().Split('\n').Where(l => l.StartsWith("c_total{", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, samples.Count);
        Assert.All(samples, s => Assert.EndsWith($" {Threads * 10}", s, StringComparison.Ordinal));
    }

    [Fact]
    public void Inc_Set_and_Observe_on_existing_series_allocate_nothing()
    {
        var registry = new MetricRegistry();
        var counter = registry.CreateCounter("c_total", "C.", "controller", "result");
        var gauge = registry.CreateGauge("g", "G.", "name");
        var histogram = registry.CreateHistogram("h_seconds", "H.", Histogram.ExponentialBuckets(0.0005, 2, 16), "controller");
        var result = "Done";
        void HotPath()
        {
            counter.WithLabels("smc", result).Inc();
            gauge.WithLabels("smc").Set(3);
            histogram.WithLabels("smc").Observe(0.01);
        }
        HotPath(); // creates the series (as Initialize does at start-up) and compiles the path

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) HotPath();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Bad_names_label_counts_buckets_and_decrements_are_refused_with_the_metric_named()
    {
        var registry = new MetricRegistry();
        var counter = registry.CreateCounter("good_total", "G.", "kind");

        Assert.Contains("bad-name", Assert.Throws<ArgumentException>(() => registry.CreateCounter("bad-name", "B.")).Message, StringComparison.Ordinal);
        Assert.Contains("__reserved", Assert.Throws<ArgumentException>(() => registry.CreateGauge("g", "G.", "__reserved")).Message, StringComparison.Ordinal);
        Assert.Contains("good_total has 1 labels", Assert.Throws<ArgumentException>(() => counter.WithLabels("a", "b")).Message, StringComparison.Ordinal);
        Assert.Contains("good_total", Assert.Throws<InvalidOperationException>(() => registry.CreateCounter("good_total", "again")).Message, StringComparison.Ordinal);
        Assert.Contains("increasing", Assert.Throws<ArgumentException>(() => registry.CreateHistogram("h", "H.", [1, 1])).Message, StringComparison.Ordinal);
        Assert.Contains("'le'", Assert.Throws<ArgumentException>(() => registry.CreateHistogram("h2", "H.", [1], "le")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.WithLabels("a").Inc(-1));
        Assert.Contains("use WithLabels", Assert.Throws<InvalidOperationException>(() => counter.Inc()).Message, StringComparison.Ordinal);
    }
}
