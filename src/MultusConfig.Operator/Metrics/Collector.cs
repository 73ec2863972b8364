using System.Text.RegularExpressions;

namespace MultusConfig.Operator.Metrics;

/// <summary>
/// One metric family: a name, a help text, label names and its series, written in the Prometheus text format.
/// Families are created once (static fields) and live as long as the process, as in prometheus-net.
/// </summary>
public abstract partial class Collector
{
    private protected Collector(string name, string help, string[] labelNames)
    {
        ArgumentNullException.ThrowIfNull(help);
        ArgumentNullException.ThrowIfNull(labelNames);
        if (!MetricName().IsMatch(name)) throw new ArgumentException($"metric name '{name}' is not [a-zA-Z_:][a-zA-Z0-9_:]*", nameof(name));
        foreach (var label in labelNames)
        {
            if (!LabelName().IsMatch(label) || label.StartsWith("__", StringComparison.Ordinal))
                throw new ArgumentException($"label name '{label}' of {name} is not [a-zA-Z_][a-zA-Z0-9_]* or starts with __", nameof(labelNames));
        }
        if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Length)
            throw new ArgumentException($"label names of {name} repeat", nameof(labelNames));
        Name = name;
        Help = help;
        LabelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>The <c># TYPE</c> word: counter, gauge or histogram.</summary>
    public abstract string Type { get; }

    /// <summary>Writes the samples of every series (the registry writes # HELP and # TYPE).</summary>
    internal abstract void WriteSamples(TextExposition output);

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
