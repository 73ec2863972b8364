namespace MultusConfig.Core.Manifests;

/// <summary>
/// Bounds that keep the reader's time and memory proportional to the input, whatever the input is.
/// </summary>
public static class ManifestLimits
{
    /// <summary>Larger input is rejected before parsing; no real manifest set comes near it.</summary>
    public const int MaxInputBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Nodes (scalars, mappings, sequences) one input may produce, counting every copy an alias makes:
    /// a billion-laughs document hits this after about a million nodes instead of exhausting memory.
    /// </summary>
    public const int MaxNodes = 1_000_000;

    /// <summary>
    /// Mappings and sequences nested in one another. System.Text.Json refuses to write or deserialize
    /// nodes deeper than 64, so anything deeper could not be processed downstream anyway.
    /// </summary>
    public const int MaxDepth = 48;
}
