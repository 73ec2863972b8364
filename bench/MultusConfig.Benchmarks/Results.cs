using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultusConfig.Benchmarks;

/// <summary>One measured figure: value with unit, its target, and (when the issue compares) the same-run baseline and ratio.</summary>
internal sealed record Figure(string Id, string Name, double Value, string Unit, string Target, bool? Met,
    double? Baseline = null, double? Ratio = null, IReadOnlyList<double>? Samples = null, string? Note = null);

/// <summary>Collects figures, prints the table and writes latest.json with the machine it ran on.</summary>
internal sealed class Results
{
    private readonly List<Figure> _figures = [];
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly string _loadBefore = Machine.LoadAverage();

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine($"  => {Row(figure)}");
    }

    public static string Fmt(double v) => v switch
    {
        >= 1000 => v.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => v.ToString("0.0", CultureInfo.InvariantCulture),
        _ => v.ToString("0.###", CultureInfo.InvariantCulture),
    };

    private static string Row(Figure f) =>
        $"| {f.Id} | {f.Name} | {Fmt(f.Value)} {f.Unit} | {(f.Baseline is { } b ? Fmt(b) : "")} | {(f.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "")} | {f.Target} | {(f.Met switch { true => "met", false => "MISSED", null => "n/a" })} |";

    public void Print(TextWriter w)
    {
        w.WriteLine($"machine: {Machine.Describe()}; load average before {_loadBefore}, after {Machine.LoadAverage()}");
        w.WriteLine("| # | figure | value | baseline | ratio | target | |");
        w.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var f in _figures) w.WriteLine(Row(f));
    }

    public void Write(string path, string mode)
    {
        var figures = new JsonArray();
        foreach (var f in _figures)
        {
            figures.Add(new JsonObject
            {
                ["id"] = f.Id, ["name"] = f.Name, ["value"] = Round(f.Value), ["unit"] = f.Unit, ["target"] = f.Target,
                ["met"] = f.Met, ["baseline"] = f.Baseline is { } b ? Round(b) : null, ["ratio"] = f.Ratio is { } r ? Round(r) : null,
                ["samples"] = f.Samples is null ? null : new JsonArray([.. f.Samples.Select(s => (JsonNode?)Round(s))]),
                ["note"] = f.Note,
            });
        }
        var doc = new JsonObject
        {
            ["date"] = _started.ToString("O", CultureInfo.InvariantCulture),
            ["durationSeconds"] = Math.Round((DateTimeOffset.UtcNow - _started).TotalSeconds),
            ["mode"] = mode,
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount, ["memoryMiB"] = Machine.MemoryMiB(), ["os"] = RuntimeInformation.OSDescription,
                ["dotnet"] = RuntimeInformation.FrameworkDescription, ["cpu"] = Machine.CpuModel(),
                ["loadAverageBefore"] = _loadBefore, ["loadAverageAfter"] = Machine.LoadAverage(),
            },
            ["figures"] = figures,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static double Round(double v) => Math.Round(v, 4);
}

/// <summary>What the run was measured on; the load average matters because these machines are shared.</summary>
internal static class Machine
{
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static long MemoryMiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);

    public static string CpuModel() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";

    public static string Describe() =>
        $"{Environment.ProcessorCount} cores ({CpuModel()}), {MemoryMiB():#,0} MiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
}

/// <summary>Order statistics; the issue asks for medians of repetitions and p50/p99 of latencies.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyList<double> xs) => Percentile(xs, 50);

    /// <summary>Nearest-rank percentile: p99 of 200 samples is the 198th smallest, a sample that really happened.</summary>
    public static double Percentile(IReadOnlyList<double> xs, double p)
    {
        if (xs.Count == 0) return double.NaN;
        var sorted = xs.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>The repository root (the folder holding MultusConfig.slnx), found from the binary's location.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find() => MultusConfig.Testing.RepositoryRoot.Path;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
