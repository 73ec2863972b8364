using System.Text.Json.Nodes;
using MultusConfig.Core.Api;
using MultusConfig.Core.Defaulting;
using MultusConfig.Core.Rendering;
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

    /// <summary>
    /// Defaults, validates (as on CREATE) and renders one SMC manifest, as the API server, our webhooks and
    /// the controller would in turn. A manifest without a namespace gets <paramref name="defaultNamespace"/>.
    /// </summary>
    public static SmcResult Process(JsonObject manifest, string defaultNamespace, RenderProfile profile)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(defaultNamespace);
        var (smc, errors) = SmcDocument.Parse(manifest);
        if (smc is null) return new SmcResult(defaultNamespace, NameOf(manifest), errors, null, null);

        if (string.IsNullOrEmpty(smc.Metadata.NamespaceProperty)) smc.Metadata.NamespaceProperty = defaultNamespace;
        if (string.IsNullOrEmpty(smc.Metadata.Name) && !string.IsNullOrEmpty(smc.Metadata.GenerateName))
            errors.Add(new FieldError("metadata.name", FieldErrorKind.Required, "offline rendering needs a name: generateName is resolved only by the API server"));

        DefaultAndValidate(smc, null, errors);

        NetworkAttachmentDefinition? nad = null;
        if (errors.Count == 0)
        {
            var rendered = NadRenderer.Render(smc, profile);
            if (rendered.Nad is null) errors.Add(new FieldError("spec", FieldErrorKind.Invalid, rendered.Error ?? "cannot be rendered"));
            else if (rendered.Nad.Spec.Config.Length > SmcDocument.MaxObjectBytes)
                errors.Add(new FieldError("spec", FieldErrorKind.TooLong, $"renders a NAD config of {rendered.Nad.Spec.Config.Length} bytes; the API server stores at most {SmcDocument.MaxObjectBytes}"));
            else nad = rendered.Nad;
        }
        return new SmcResult(smc.Metadata.NamespaceProperty ?? defaultNamespace, smc.Metadata.Name ?? smc.Metadata.GenerateName ?? "", errors, smc, nad)
        {
            Notes = nad is null ? [] : RenderNotes.For(smc.Spec, profile),
        };
    }

    /// <summary>
    /// Stores the defaults, then adds every validation error (UPDATE rules when <paramref name="old"/> is given)
    /// to the schema's <paramref name="errors"/>, except at a path the schema already reported. The one list
    /// both <c>smc validate</c> and the mutating webhook give.
    /// </summary>
    public static void DefaultAndValidate(SpiderMultusConfig smc, SpiderMultusConfig? old, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(smc);
        ArgumentNullException.ThrowIfNull(errors);
        StoredDefaults.Apply(smc);
        if (errors.Count == 0) SmcValidator.Validate(smc, old, errors);
        else errors.AddRange(SmcValidator.Validate(smc, old).Where(e => !errors.Any(x => x.Path == e.Path)));
    }

    private static string NameOf(JsonObject manifest) =>
        manifest["metadata"] is JsonObject m && m["name"] is JsonValue v && v.TryGetValue(out string? name) ? name : "";
}
