using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MultusConfig.Core.Manifests;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;

namespace MultusConfig.Benchmarks;

/// <summary>Figure 1: default + validate + render of each example, Core only, as the CLI and the operator run it.</summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private JsonObject _manifest = null!;

    public static IEnumerable<string> Examples() =>
        Directory.EnumerateFiles(Repo.Path("examples"), "*.yaml")
            .Where(f => !f.EndsWith(".nad.yaml", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);

    [ParamsSource(nameof(Examples))]
    public string Example { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _manifest = Load(Example);
        // Process must not mutate its input, or later iterations would measure something else.
        var first = SmcProcessor.Process(_manifest, "default", RenderProfile.Documented).Nad?.Spec.Config;
        var again = SmcProcessor.Process(_manifest, "default", RenderProfile.Documented).Nad?.Spec.Config;
        if (first is null || first != again) throw new InvalidOperationException($"{Example} does not render repeatably");
    }

    [Benchmark]
    public object? Render() => SmcProcessor.Process(_manifest, "default", RenderProfile.Documented).Nad;

    public static JsonObject Load(string example)
    {
        var read = ManifestReader.Read(File.ReadAllText(Repo.Path("examples", example + ".yaml")));
        return read.Documents.Count == 1 ? read.Documents[0].Manifest : throw new InvalidOperationException($"{example}: expected one document");
    }
}
