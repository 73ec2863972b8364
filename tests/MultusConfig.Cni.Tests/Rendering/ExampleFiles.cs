namespace MultusConfig.Cni.Tests.Rendering;

/// <summary>The SMC examples in examples/, discovered when the tests are listed, so new files are picked up automatically.</summary>
public static class ExampleFiles
{
    /// <summary>
    /// Names of the files that hold an SMC (examples/ also holds the expected NADs, *.nad.yaml); a file
    /// the reader cannot parse is listed so its test fails. No file at all yields one empty name, which
    /// fails the test instead of passing silently.
    /// </summary>
    public static TheoryData<string> Names()
    {
        var files = Directory.Exists(Repository.ExamplesDir)
            ? Directory.EnumerateFiles(Repository.ExamplesDir, "*.yaml").Where(HoldsSmc)
                .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        return files.Count == 0 ? [""] : [.. files];
    }

    private static bool HoldsSmc(string path)
    {
        var read = MultusConfig.Core.Manifests.ManifestReader.Read(File.ReadAllText(path));
        return !read.Succeeded || read.Documents.Any(d => MultusConfig.Core.Pipeline.SmcProcessor.IsSpiderMultusConfig(d.Manifest));
    }

    /// <summary>Renders every SMC of the file with the profile and runs it (see <see cref="SmcCaseRunner"/>).</summary>
    public static async Task RunAsync(string file, MultusConfig.Core.Pipeline.RenderProfile profile, int podCount)
    {
        Assert.False(file.Length == 0, $"no *.yaml SMC examples in {Repository.ExamplesDir}");
        var manifests = YamlManifests.Load(Path.Combine(Repository.ExamplesDir, file))
            .Where(MultusConfig.Core.Pipeline.SmcProcessor.IsSpiderMultusConfig).ToList();
        Assert.True(manifests.Count > 0, $"{file} holds no SpiderMultusConfig");
        foreach (var manifest in manifests)
        {
            await SmcCaseRunner.RunAsync(manifest, profile, podCount);
        }
    }
}
