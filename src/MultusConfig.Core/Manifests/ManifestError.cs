namespace MultusConfig.Core.Manifests;

/// <summary>A problem in the manifest text, at a 1-based line and column.</summary>
public sealed record ManifestError(int Line, int Column, string Message)
{
    /// <summary><c>12:3: message</c>, ready to be prefixed with the file name.</summary>
    public override string ToString() => $"{Line}:{Column}: {Message}";
}
