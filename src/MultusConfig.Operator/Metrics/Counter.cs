namespace MultusConfig.Operator.Metrics;

/// <summary>A counter family: a value per series that only goes up.</summary>
public sealed class Counter : Family<CounterSeries>
{
    internal Counter(string name, string help, string[] labelNames)
        : base(name, help, labelNames)
    {
    }

    public override string Type => "counter";

    /// <summary>The value of an unlabelled counter.</summary>
    public double Value => Unlabelled.Value;

    /// <summary>Adds to an unlabelled counter.</summary>
    public void Inc(double increment = 1) => Unlabelled.Inc(increment);

    private protected override CounterSeries NewSeries(string[] labelValues) => new(labelValues);
}

/// <summary>One series of a counter.</summary>
public sealed class CounterSeries : Series
{
    private double _value;

    internal CounterSeries(string[] labelValues)
        : base(labelValues)
    {
    }

    public double Value => Volatile.Read(ref _value);

    public void Inc(double increment = 1)
    {
        if (!(increment >= 0)) throw new ArgumentOutOfRangeException(nameof(increment), increment, "a counter only goes up");
        AtomicDouble.Add(ref _value, increment);
    }

    internal override void WriteSamples(TextExposition output, string name, IReadOnlyList<string> labelNames) =>
        output.WriteSample(name, "", labelNames, LabelValues, Value);
}
