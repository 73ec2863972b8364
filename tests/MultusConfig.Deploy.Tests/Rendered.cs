using System.Diagnostics;
using System.Text.Json.Nodes;
using MultusConfig.ApiServer;

namespace MultusConfig.Deploy.Tests;

/// <summary>The objects <c>kubectl kustomize</c> renders from a deploy/ folder, rendered once per folder.</summary>
internal static class Rendered
{
    private static readonly Dictionary<string, Lazy<(string Yaml, List<JsonObject> Objects)>> Cache = new(StringComparer.Ordinal);

    public static string Yaml(string folder) => Get(folder).Yaml;

    /// <summary>Fresh copies, so a test may modify what it gets.</summary>
    public static List<JsonObject> Objects(string folder) => Get(folder).Objects.Select(o => o.DeepClone().AsObject()).ToList();

    public static JsonObject Single(List<JsonObject> objects, string kind, string? name = null) =>
        objects.Single(o => Str(o["kind"]) == kind && (name is null || Str(o["metadata"]?["name"]) == name));

    /// <summary>YAML integers parse as longs.</summary>
    public static int Int(JsonNode? node) => checked((int)node!.GetValue<long>());

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static (string Yaml, List<JsonObject> Objects) Get(string folder)
    {
        Lazy<(string, List<JsonObject>)> lazy;
        lock (Cache)
        {
            if (!Cache.TryGetValue(folder, out lazy!)) Cache[folder] = lazy = new(() => Render(folder));
        }
        return lazy.Value;
    }

    private static (string Yaml, List<JsonObject> Objects) Render(string folder)
    {
        var psi = new ProcessStartInfo("/usr/bin/kubectl", ["kustomize", RepoPaths.Of("deploy", folder)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        // A hang guard, not a timing assertion.
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill(entireProcessTree: true);
        if (process.ExitCode != 0) throw new InvalidOperationException($"kubectl kustomize deploy/{folder} failed: {stderr}");
        var yaml = stdout.GetAwaiter().GetResult();
        return (yaml, YamlDocuments.Parse(yaml));
    }
}
