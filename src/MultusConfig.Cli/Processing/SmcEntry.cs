using MultusConfig.Cli.Input;
using MultusConfig.Core.Manifests;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cli.Processing;

/// <summary>One SpiderMultusConfig from the input and what the pipeline made of it.</summary>
public sealed record SmcEntry(InputSource Source, ManifestDocument Document, SmcResult Result)
{
    /// <summary><c>namespace/name</c>, the prefix of every error line; the file position when the SMC has no name.</summary>
    public string Key => Result.Name.Length > 0
        ? $"{Result.Namespace}/{Result.Name}"
        : $"{Result.Namespace}/(unnamed at {Source.DisplayName}:{Document.Line})";
}
