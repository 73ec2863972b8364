namespace MultusConfig.Operator.Metrics;

/// <summary>A gauge family: a value per series that is set or goes up and down.</summary>
public sealed class Gauge : Family<GaugeSeries>
{
    internal Gauge(string name, string help, string[] labelNames)
        : base(name, help, labelNames)
    {
    }

    public override string Type => "gauge";

    /// <summary>The value of an unlabelled gauge.</summary>
    public double Value => Unlabelled.Value;

    public void Set(double value) => Unlabelled.Set(value);

    public void Inc(double increment = 1) => Unlabelled.Inc(increment);

    public void Dec(double decrement = 1) => Unlabelled.Inc(-decrement);

    private protected override GaugeSeries NewSeries(string[] labelValues) => new(labelValues);
}

/// <summary>One series of a gauge.</summary>
public sealed class GaugeSeries : Series
{
    private double _value;

    internal GaugeSeries(string[] labelValues)
        : base(labelValues)
    {
    }

    public double Value => Volatile.Read(ref _value);

    public void Set(double value) => Interlocked.Exchange(ref _value, value);

    public void Inc(double increment = 1) => AtomicDouble.Add(ref _value, increment);

    public void Dec(double decrement = 1) => AtomicDouble.Add(ref _value, -decrement);

    internal override void WriteSamples(TextExposition output, string name, IReadOnlyList<string> labelNames) =>
        output.WriteSample(name, "", labelNames, LabelValues, Value);
}
