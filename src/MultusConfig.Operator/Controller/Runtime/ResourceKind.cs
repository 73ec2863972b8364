namespace MultusConfig.Operator.Controller.Runtime;

/// <summary>Where a kind lives in the API: what the generic custom-object calls need.</summary>
public sealed record ResourceKind(string Group, string Version, string Plural);
