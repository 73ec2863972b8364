using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// The AdmissionReview <c>warnings</c> of an admitted SMC (kubectl prints each as <c>Warning: …</c>): one per
/// value the operator's render profile writes in another form than given, such as a bare <c>hijackCIDR</c>
/// address written as <c>/32</c> (Core's <see cref="RenderNotes"/>; <c>smc validate</c> prints the same notes).
/// Warnings never refuse anything.
/// </summary>
public sealed class RenderNoteWarnings(RenderProfile profile)
{
    public RenderProfile Profile => profile;

    /// <summary>Null when there is nothing to say, so that the response carries no empty list.</summary>
    public IReadOnlyList<string>? For(SpiderMultusConfig smc)
    {
        ArgumentNullException.ThrowIfNull(smc);
        var notes = RenderNotes.For(smc.Spec, profile);
        return notes.Count == 0 ? null : [.. notes.Select(n => n.ToString())];
    }
}
