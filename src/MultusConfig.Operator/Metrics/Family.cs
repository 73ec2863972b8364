namespace MultusConfig.Operator.Metrics;

/// <summary>
/// The series of one family, one per distinct set of label values, kept sorted by label values (ordinal) so that
/// every scrape lists them in the same order (as client_golang does).
/// </summary>
/// <remarks>
/// Lookup scans an immutable snapshot array without locking or allocating: our families have at most a dozen series
/// each, all created at start-up, so a scan with reference-equal strings beats hashing the label values. Only the
/// creation of a new series takes the lock and publishes a new snapshot.
/// </remarks>
public abstract class Family<TSeries> : Collector
    where TSeries : Series
{
    private readonly Lock _create = new();
    private TSeries[] _series = [];

    private protected Family(string name, string help, string[] labelNames)
        : base(name, help, labelNames)
    {
        // An unlabelled family has exactly one series, exported from the start.
        if (labelNames.Length == 0) _series = [NewSeries([])];
    }

    /// <summary>The series of these label values (in the order of <see cref="Collector.LabelNames"/>), created at zero on first use.</summary>
    public TSeries WithLabels(params ReadOnlySpan<string> labelValues)
    {
        if (labelValues.Length != LabelNames.Count)
            throw new ArgumentException($"{Name} has {LabelNames.Count} labels ({string.Join(", ", LabelNames)}), not {labelValues.Length}", nameof(labelValues));
        return Find(Volatile.Read(ref _series), labelValues) ?? Create(labelValues);
    }

    /// <summary>The one series of an unlabelled family.</summary>
    private protected TSeries Unlabelled =>
        LabelNames.Count == 0 ? _series[0] : throw new InvalidOperationException($"{Name} has labels ({string.Join(", ", LabelNames)}): use WithLabels");

    private protected abstract TSeries NewSeries(string[] labelValues);

    internal sealed override void WriteSamples(TextExposition output)
    {
        foreach (var series in Volatile.Read(ref _series)) series.WriteSamples(output, Name, LabelNames);
    }

    private static TSeries? Find(TSeries[] snapshot, ReadOnlySpan<string> labelValues)
    {
        foreach (var series in snapshot)
        {
            if (series.Matches(labelValues)) return series;
        }
        return null;
    }

    private TSeries Create(ReadOnlySpan<string> labelValues)
    {
        foreach (var value in labelValues) ArgumentNullException.ThrowIfNull(value, nameof(labelValues));
        lock (_create)
        {
            if (Find(_series, labelValues) is { } raced) return raced;
            var created = NewSeries(labelValues.ToArray());
            var next = new TSeries[_series.Length + 1];
            var at = 0;
            while (at < _series.Length && Series.Compare(_series[at], created) < 0) at++;
            Array.Copy(_series, next, at);
            next[at] = created;
            Array.Copy(_series, at, next, at + 1, _series.Length - at);
            Volatile.Write(ref _series, next);
            return created;
        }
    }
}
