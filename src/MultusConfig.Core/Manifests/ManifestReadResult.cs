namespace MultusConfig.Core.Manifests;

/// <summary>
/// What one manifest text held: the objects that could be read, in order, and every problem found.
/// A syntax error stops reading at that point; a problem inside one document (duplicate key, no kind)
/// drops only that document.
/// </summary>
public sealed record ManifestReadResult(IReadOnlyList<ManifestDocument> Documents, IReadOnlyList<ManifestError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
