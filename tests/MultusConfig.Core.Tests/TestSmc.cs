using System.Text.Json.Nodes;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Core.Tests;

/// <summary>Builds SMC manifests for tests from a compact JSON spec.</summary>
internal static class TestSmc
{
    public static JsonObject Manifest(string name, string specJson, string? annotationsJson = null, string ns = "team1")
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (annotationsJson is not null) metadata["annotations"] = JsonNode.Parse(annotationsJson);
        var manifest = new JsonObject
        {
            ["apiVersion"] = "spiderpool.spidernet.io/v2beta1",
            ["kind"] = "SpiderMultusConfig",
            ["metadata"] = metadata,
        };
        if (specJson.Length > 0) manifest["spec"] = JsonNode.Parse(specJson);
        return manifest;
    }

    public static SmcResult Process(string name, string specJson, string? annotationsJson = null, RenderProfile profile = RenderProfile.Documented) =>
        SmcProcessor.Process(Manifest(name, specJson, annotationsJson), "default", profile);

    /// <summary>The rendered spec.config, failing the test with the field errors when there is none.</summary>
    public static string Config(string name, string specJson, string? annotationsJson = null, RenderProfile profile = RenderProfile.Documented)
    {
        var result = Process(name, specJson, annotationsJson, profile);
        Assert.True(result.IsValid, "unexpected errors: " + string.Join("; ", result.Errors));
        return result.Nad!.Spec.Config;
    }

    /// <summary>The errors of a manifest, as "path: message" lines.</summary>
    public static List<string> Errors(string name, string specJson, string? annotationsJson = null) =>
        [.. Process(name, specJson, annotationsJson).Errors.Select(e => e.ToString())];
}
