namespace MultusConfig.Operator.Metrics;

/// <summary>One time series of a family: its label values and its value(s).</summary>
public abstract class Series
{
    private readonly string[] _labelValues;

    private protected Series(string[] labelValues) => _labelValues = labelValues;

    public IReadOnlyList<string> LabelValues => _labelValues;

    internal abstract void WriteSamples(TextExposition output, string name, IReadOnlyList<string> labelNames);

    internal bool Matches(ReadOnlySpan<string> labelValues)
    {
        for (var i = 0; i < labelValues.Length; i++)
        {
            if (!string.Equals(_labelValues[i], labelValues[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }

    internal static int Compare(Series a, Series b)
    {
        for (var i = 0; i < a._labelValues.Length; i++)
        {
            var c = string.CompareOrdinal(a._labelValues[i], b._labelValues[i]);
            if (c != 0) return c;
        }
        return 0;
    }
}
