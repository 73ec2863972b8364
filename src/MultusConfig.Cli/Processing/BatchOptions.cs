using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cli.Processing;

/// <summary>What both commands share: where to read, the namespace for manifests without one, and the profile.</summary>
public sealed record BatchOptions(IReadOnlyList<string> Paths, string Namespace, RenderProfile Profile, bool Quiet);
