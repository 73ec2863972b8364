using System.Text.Json.Nodes;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cni.Tests.Rendering;

/// <summary>Runs an SMC manifest through Core's pipeline and returns the NAD's spec.config, or fails the test with the pipeline's errors.</summary>
public static class Renderer
{
    public const string DefaultNamespace = "team1";

    public static string Render(JsonObject manifest, RenderProfile profile)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var result = SmcProcessor.Process((JsonObject)manifest.DeepClone(), DefaultNamespace, profile);
        if (!result.IsValid || result.Nad is null)
        {
            throw new Xunit.Sdk.XunitException(
                $"Core rejected the manifest (profile {profile}):\n  {string.Join("\n  ", result.Errors.Select(e => e.ToString()))}\nmanifest: {manifest.ToJsonString()}");
        }
        return result.Nad.Spec.Config;
    }
}
