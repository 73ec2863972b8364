using MultusConfig.Operator.Metrics;

namespace MultusConfig.Operator.Tests.Metrics;

/// <summary>The Prometheus text format 0.0.4 as the exporter writes it, checked line for line on a private registry.</summary>
public sealed class TextExpositionTests
{
    [Fact]
    public void Help_text_and_label_values_are_escaped_as_the_text_format_requires()
    {
        var registry = new MetricRegistry();
        var counter = registry.CreateCounter("escapes_total", "a \\ b\nc \"quoted\"", "path");

        counter.WithLabels("x\\y\"z\nw").Inc();

        Assert.Equal("""
            # HELP escapes_total a \\ b\nc "quoted"
            # TYPE escapes_total counter
            escapes_total{path="x\\y\"z\nw"} 1

            """.ReplaceLineEndings("\n"), registry.Export());
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_up_to_Inf_followed_by_sum_and_count()
    {
        var registry = new MetricRegistry();
        var histogram = registry.CreateHistogram("duration_seconds", "Time.", [0.25, 1, 4], "controller");
        var series = histogram.WithLabels("smc");

        foreach (var value in new[] { 0.25, 0.5, 0.5, 8 }) series.Observe(value);

        Assert.Equal("""
            # HELP duration_seconds Time.
            # TYPE duration_seconds histogram
            duration_seconds_bucket{controller="smc",le="0.25"} 1
            duration_seconds_bucket{controller="smc",le="1"} 3
            duration_seconds_bucket{controller="smc",le="4"} 3
            duration_seconds_bucket{controller="smc",le="+Inf"} 4
            duration_seconds_sum{controller="smc"} 9.25
            duration_seconds_count{controller="smc"} 4

            """.ReplaceLineEndings("\n"), registry.Export());
    }

    [Fact]
    public void Series_created_before_first_use_are_exported_at_zero_and_unlabelled_families_from_creation()
    {
        var registry = new MetricRegistry();
        var counter = registry.CreateCounter("writes_total", "Writes.", "kind");
        registry.CreateGauge("smcs", "SMCs.");
        var histogram = registry.CreateHistogram("time_seconds", "Time.", [1], "controller");

        counter.WithLabels("create");
        histogram.WithLabels("smc");

        Assert.Equal("""
            # HELP smcs SMCs.
            # TYPE smcs gauge
            smcs 0
            # HELP time_seconds Time.
            # TYPE time_seconds histogram
            time_seconds_bucket{controller="smc",le="1"} 0
            time_seconds_bucket{controller="smc",le="+Inf"} 0
            time_seconds_sum{controller="smc"} 0
            time_seconds_count{controller="smc"} 0
            # HELP writes_total Writes.
            # TYPE writes_total counter
            writes_total{kind="create"} 0

            """.ReplaceLineEndings("\n"), registry.Export());
    }

    [Fact]
    public void Families_are_sorted_by_name_and_series_by_label_values_whatever_the_order_of_creation()
    {
        var registry = new MetricRegistry();
        var b = registry.CreateCounter("b_total", "B.", "result");
        registry.CreateGauge("a", "A.").Set(-1.5);
        b.WithLabels("RetryWithBackoff");
        b.WithLabels("Done").Inc(2);
        b.WithLabels("Error");

        Assert.Equal("""
            # HELP a A.
            # TYPE a gauge
            a -1.5
            # HELP b_total B.
            # TYPE b_total counter
            b_total{result="Done"} 2
            b_total{result="Error"} 0
            b_total{result="RetryWithBackoff"} 0

            """.ReplaceLineEndings("\n"), registry.Export());
    }

    [Fact]
    public void Special_values_are_written_as_Prometheus_parses_them()
    {
        var registry = new MetricRegistry();
        var gauge = registry.CreateGauge("g", "G.", "v");

        gauge.WithLabels("inf").Set(double.PositiveInfinity);
        gauge.WithLabels("minus").Set(double.NegativeInfinity);
        gauge.WithLabels("nan").Set(double.NaN);
        gauge.WithLabels("small").Set(1e-7);
        gauge.WithLabels("big").Set(12345678901234567890d);

        var lines = registry.Export().Split('\n');
        Assert.Contains("g{v=\"inf\"} +Inf", lines);
        Assert.Contains("g{v=\"minus\"} -Inf", lines);
        Assert.Contains("g{v=\"nan\"} NaN", lines);
        Assert.Contains("g{v=\"small\"} 1E-07", lines);
        Assert.Contains("g{v=\"big\"} 1.2345678901234567E+19", lines);
    }
}
