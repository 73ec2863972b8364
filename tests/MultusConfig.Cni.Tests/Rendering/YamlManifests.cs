using System.Text.Json.Nodes;
using MultusConfig.Core.Manifests;

namespace MultusConfig.Cni.Tests.Rendering;

/// <summary>Reads example manifests with the product's own reader (Core's ManifestReader), as `smc render` does.</summary>
public static class YamlManifests
{
    public static IReadOnlyList<JsonObject> Load(string path)
    {
        var read = ManifestReader.Read(File.ReadAllText(path));
        Assert.True(read.Succeeded, $"{path} does not parse: {string.Join("; ", read.Errors)}");
        return [.. read.Documents.Select(d => d.Manifest)];
    }
}
