namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>Latencies of the valid requests sent during the fuzz, for percentiles.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];

    public int Count
    {
        get { lock (_milliseconds) return _milliseconds.Count; }
    }

    public void Add(TimeSpan elapsed)
    {
        lock (_milliseconds) _milliseconds.Add(elapsed.TotalMilliseconds);
    }

    /// <summary>Nearest-rank percentile; 0 when nothing was recorded.</summary>
    public double Percentile(double p)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0) return 0;
            var sorted = _milliseconds.Order().ToList();
            var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
        }
    }
}
