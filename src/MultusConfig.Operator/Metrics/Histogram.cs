namespace MultusConfig.Operator.Metrics;

/// <summary>A histogram family: per series, counts of observations at or below each upper bound, their sum and count.</summary>
public sealed class Histogram : Family<HistogramSeries>
{
    /// <summary>prometheus-net's (and client_golang's) default buckets, in seconds.</summary>
    public static IReadOnlyList<double> DefaultBuckets { get; } = [.005, .01, .025, .05, .075, .1, .25, .5, .75, 1, 2.5, 5, 7.5, 10];

    private readonly double[] _upperBounds;

    internal Histogram(string name, string help, IReadOnlyList<double> upperBounds, string[] labelNames)
        : base(name, help, Validate(name, upperBounds, labelNames))
    {
        _upperBounds = [.. upperBounds];
    }

    public override string Type => "histogram";

    public IReadOnlyList<double> UpperBounds => _upperBounds;

    /// <summary><paramref name="count"/> bounds from <paramref name="start"/>, each <paramref name="factor"/> times the one before.</summary>
    public static IReadOnlyList<double> ExponentialBuckets(double start, double factor, int count)
    {
        if (!(start > 0) || !(factor > 1) || count < 1) throw new ArgumentException("exponential buckets need start > 0, factor > 1 and count ≥ 1");
        var bounds = new double[count];
        for (var i = 0; i < count; i++, start *= factor) bounds[i] = start;
        return bounds;
    }

    private protected override HistogramSeries NewSeries(string[] labelValues) => new(labelValues, _upperBounds);

    private static string[] Validate(string name, IReadOnlyList<double> upperBounds, string[] labelNames)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        ArgumentNullException.ThrowIfNull(labelNames);
        if (upperBounds.Count == 0) throw new ArgumentException($"{name} has no buckets", nameof(upperBounds));
        for (var i = 0; i < upperBounds.Count; i++)
        {
            // +Inf is always the last bucket; the rest must be finite and strictly increasing.
            if (!double.IsFinite(upperBounds[i]) || (i > 0 && !(upperBounds[i] > upperBounds[i - 1])))
                throw new ArgumentException($"the buckets of {name} must be finite and increasing", nameof(upperBounds));
        }
        if (labelNames.Contains("le", StringComparer.Ordinal)) throw new ArgumentException($"{name}: 'le' is the bucket label of a histogram", nameof(labelNames));
        return labelNames;
    }
}

/// <summary>One series of a histogram.</summary>
public sealed class HistogramSeries : Series
{
    private readonly double[] _upperBounds;

    // Per bucket (not cumulative), the last one for observations above every bound (+Inf); summed up when written,
    // so that one observation costs one increment. _count is not kept: it is the sum of the buckets, so a scrape
    // never shows a count that differs from the +Inf bucket.
    private readonly long[] _buckets;
    private double _sum;

    internal HistogramSeries(string[] labelValues, double[] upperBounds)
        : base(labelValues)
    {
        _upperBounds = upperBounds;
        _buckets = new long[upperBounds.Length + 1];
    }

    public double Sum => Volatile.Read(ref _sum);

    public long Count
    {
        get
        {
            long count = 0;
            for (var i = 0; i < _buckets.Length; i++) count += Volatile.Read(ref _buckets[i]);
            return count;
        }
    }

    public void Observe(double value)
    {
        var bucket = 0;
        // A bucket counts values ≤ its bound; NaN is above every bound and lands in +Inf (as client_golang does).
        while (bucket < _upperBounds.Length && !(value <= _upperBounds[bucket])) bucket++;
        Interlocked.Increment(ref _buckets[bucket]);
        AtomicDouble.Add(ref _sum, value);
    }

    internal override void WriteSamples(TextExposition output, string name, IReadOnlyList<string> labelNames)
    {
        long cumulative = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            cumulative += Volatile.Read(ref _buckets[i]);
            output.WriteSample(name, "_bucket", labelNames, LabelValues, cumulative, "le", i < _upperBounds.Length ? _upperBounds[i] : double.PositiveInfinity);
        }
        output.WriteSample(name, "_sum", labelNames, LabelValues, Sum);
        output.WriteSample(name, "_count", labelNames, LabelValues, cumulative);
    }
}
