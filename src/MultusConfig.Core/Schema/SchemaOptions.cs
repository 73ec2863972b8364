namespace MultusConfig.Core.Schema;

/// <summary>How a document is checked against a structural schema.</summary>
public sealed record SchemaOptions
{
    /// <summary>Report pruned fields as errors, as kubectl's strict field validation does, instead of dropping them silently.</summary>
    public bool RejectUnknownFields { get; init; } = true;

    /// <summary>Fill in schema defaults where the parent object exists (the API server's defaulting).</summary>
    public bool ApplyDefaults { get; init; } = true;
}
