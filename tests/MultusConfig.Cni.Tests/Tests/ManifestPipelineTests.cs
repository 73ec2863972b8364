using MultusConfig.Cni.Tests.Rendering;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// The product path the CNI proofs start from: an example read by Core's ManifestReader goes straight
/// into SmcProcessor.Process, which must never throw on input (DESIGN: bad input is a list of errors).
/// </summary>
public class ManifestPipelineTests
{
    public static TheoryData<string> Files() => ExampleFiles.Names();

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void An_example_read_by_the_manifest_reader_is_processed_without_throwing(string file)
    {
        Assert.False(file.Length == 0, $"no *.yaml SMC examples in {Repository.ExamplesDir}");
        foreach (var manifest in YamlManifests.Load(Path.Combine(Repository.ExamplesDir, file)))
        {
            foreach (var profile in Enum.GetValues<RenderProfile>())
            {
                var result = SmcProcessor.Process((System.Text.Json.Nodes.JsonObject)manifest.DeepClone(), Renderer.DefaultNamespace, profile);
                Assert.True(result.IsValid, $"{file} ({profile}): {string.Join("; ", result.Errors)}");
            }
        }
    }
}
