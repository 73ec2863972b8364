using System.Text.Json.Nodes;
using MultusConfig.Core.Api;
using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Pipeline;

/// <summary>The offline pipeline: a manifest (as JSON) in, field errors or the NAD out. Never throws on input.</summary>
public static class SmcProcessor
{
    /// <summary>True when the document's apiVersion and kind name a SpiderMultusConfig.</summary>
    public static bool IsSpiderMultusConfig(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest["kind"] is JsonValue k && k.TryGetValue(out string? kind) && kind == SpiderMultusConfig.KindName
            && manifest["apiVersion"] is JsonValue v && v.TryGetValue(out string? apiVersion)
            && apiVersion.StartsWith(SpiderMultusConfig.Group + "/", StringComparison.Ordinal);
    }

    /// <summary>Defaults, validates (as on CREATE) and renders one SMC manifest.</summary>
    public static SmcResult Process(JsonObject manifest, string defaultNamespace, RenderProfile profile)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        // Stub until the core pipeline lands.
        return new SmcResult(defaultNamespace, "", [new FieldError("spec", FieldErrorKind.Internal, "not implemented")], null, null);
    }
}
