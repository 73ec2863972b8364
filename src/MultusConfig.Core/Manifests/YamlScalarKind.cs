namespace MultusConfig.Core.Manifests;

/// <summary>What a plain YAML scalar means under the YAML 1.1 rules Kubernetes applies.</summary>
public enum YamlScalarKind
{
    Null,
    Boolean,
    WholeNumber,
    RealNumber,
    Text,
    /// <summary>The merge key <c>&lt;&lt;</c>.</summary>
    MergeKey,
}
