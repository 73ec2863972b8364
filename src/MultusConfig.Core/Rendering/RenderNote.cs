namespace MultusConfig.Core.Rendering;

/// <summary>
/// Something the user should know about a valid SMC's NAD without it being an error: a value written in
/// another form than the one given. The webhook returns it as an admission warning, <c>smc validate</c>
/// as a note.
/// </summary>
public sealed record RenderNote(string Path, string Message)
{
    /// <summary><c>spec.coordinator.hijackCIDR[0]: 169.254.25.10 is written as 169.254.25.10/32</c>.</summary>
    public override string ToString() => $"{Path}: {Message}";
}
