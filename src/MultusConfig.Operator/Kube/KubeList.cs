namespace MultusConfig.Operator.Kube;

/// <summary>Every item of a paged LIST, and the resourceVersion of the list (where a watch continues from).</summary>
public sealed record KubeList<T>(IReadOnlyList<T> Items, string ResourceVersion);
