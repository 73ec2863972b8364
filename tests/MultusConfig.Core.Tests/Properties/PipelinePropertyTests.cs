using System.Text.Json;
using CsCheck;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;
using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Tests.Properties;

/// <summary>Random manifests, valid and broken: the pipeline never throws, and what passes validation is a usable conflist.</summary>
public class PipelinePropertyTests
{
    private const long Iterations = 3000;

    [Fact]
    public void Defaulting_and_validation_never_throw_and_valid_objects_render_a_cni_config()
    {
        var valid = 0;
        Gen.Int.Sample(seed =>
        {
            var manifest = new RandomSmc(new Random(seed)).Manifest();
            foreach (var profile in new[] { RenderProfile.Documented, RenderProfile.Spiderpool })
            {
                SmcResult result;
                try
                {
                    result = SmcProcessor.Process(manifest, "default", profile);
                }
                catch (Exception e)
                {
                    Assert.Fail($"seed {seed} threw {e.GetType().Name}: {e.Message}\n{Short(manifest.ToJsonString())}");
                    return;
                }
                Assert.True(result.IsValid == (result.Nad is not null), $"seed {seed}: a NAD exactly when valid");
                if (!result.IsValid) continue;
                valid++;
                AssertUsableConfig(result.Nad!.Spec.Config, result.Smc!.Spec?.CniType ?? "custom", seed);
            }
        }, iter: Iterations, seed: "0000A0B3bDw1");
        // The generator must produce valid objects too, or the second half of the property proves nothing.
        Assert.True(valid > Iterations / 20, $"only {valid} valid objects were generated");
    }

    [Fact]
    public void Validation_and_rendering_of_typed_objects_that_skipped_the_schema_never_throw()
    {
        Gen.Int.Sample(seed =>
        {
            var manifest = new RandomSmc(new Random(seed)).Manifest();
            // Bind what binds, as an object stored without any admission would, and run the rules on it.
            var (smc, _) = SmcDocument.Parse(manifest, new Core.Schema.SchemaOptions { ApplyDefaults = false, RejectUnknownFields = false });
            if (smc is null) return;
            _ = SmcValidator.Validate(smc, smc);
            _ = NadRenderer.Render(smc, RenderProfile.Spiderpool);
            _ = NadRenderer.Render(smc, RenderProfile.Documented);
        }, iter: Iterations, seed: "0000A0B3bDw2");
    }

    private static void AssertUsableConfig(string config, string cniType, int seed)
    {
        if (cniType == "custom" && config.Length == 0) return;
        using var doc = JsonDocument.Parse(config);
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        if (cniType == "custom" && !root.TryGetProperty("plugins", out _))
        {
            Assert.Equal(JsonValueKind.String, root.GetProperty("type").ValueKind);
            return;
        }
        if (cniType != "custom")
        {
            Assert.Equal(JsonValueKind.String, root.GetProperty("cniVersion").ValueKind);
            Assert.Equal(JsonValueKind.String, root.GetProperty("name").ValueKind);
        }
        var plugins = root.GetProperty("plugins");
        Assert.True(plugins.GetArrayLength() > 0, $"seed {seed}: empty plugins in {config}");
        foreach (var plugin in plugins.EnumerateArray())
        {
            Assert.True(plugin.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString()!.Length > 0,
                $"seed {seed}: plugin without type in {config}");
        }
    }

    private static string Short(string s) => s.Length > 2000 ? s[..2000] + "..." : s;
}
