using MultusConfig.Core.Api;
using MultusConfig.Core.Rendering;
using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Pipeline;

/// <summary>
/// The outcome of defaulting, validating and rendering one SMC manifest. <see cref="Nad"/> is set only
/// when <see cref="Errors"/> is empty.
/// </summary>
public sealed record SmcResult(
    string Namespace,
    string Name,
    IReadOnlyList<FieldError> Errors,
    SpiderMultusConfig? Smc,
    NetworkAttachmentDefinition? Nad)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>What the user should know about the rendered NAD (values written in another form); empty unless <see cref="Nad"/> is set.</summary>
    public IReadOnlyList<RenderNote> Notes { get; init; } = [];
}
