using MultusConfig.Core.Api;

namespace MultusConfig.Core.Rendering;

/// <summary>The desired NAD, or why there is none (only for objects that never passed validation).</summary>
public sealed record RenderResult(NetworkAttachmentDefinition? Nad, string? Error);
