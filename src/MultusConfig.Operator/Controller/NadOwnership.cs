using k8s.Models;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Controller;

/// <summary>Who may write a NAD, as seen by one SMC.</summary>
public enum NadClaim
{
    /// <summary>The NAD does not exist or has no controller: the SMC may create or adopt it.</summary>
    Free,
    /// <summary>This SMC controls it.</summary>
    Ours,
    /// <summary>Its controller is an SMC that no longer exists (the garbage collector has not removed it yet): adoptable.</summary>
    Orphaned,
    /// <summary>Another live SMC, or any other kind of owner, controls it: a name conflict, never touched.</summary>
    Taken,
}

/// <summary>
/// The one rule the reconciler and the validating webhook share for "is this NAD someone else's?", so
/// that admission refuses exactly what the reconciler would report as NameConflict and admits what it
/// would adopt.
/// </summary>
public static class NadOwnership
{
    /// <param name="nad">The NAD's metadata, or null when it does not exist.</param>
    /// <param name="smcName">The SMC asking.</param>
    /// <param name="smcUid">Its uid; may be empty (an object not yet stored).</param>
    /// <param name="smcAlive">Whether the SMC a controller reference names still exists with that uid.</param>
    public static NadClaim Classify(V1ObjectMeta? nad, string smcName, string? smcUid, Func<V1OwnerReference, bool> smcAlive)
    {
        ArgumentNullException.ThrowIfNull(smcAlive);
        var controller = Controller(nad);
        if (controller is null) return NadClaim.Free;
        if (!IsSmc(controller)) return NadClaim.Taken;
        if (!string.IsNullOrEmpty(smcUid) && controller.Uid == smcUid) return NadClaim.Ours;
        // Names are unique: a controller named as this SMC is an earlier object of that name, which is gone.
        if (controller.Name == smcName) return NadClaim.Orphaned;
        return smcAlive(controller) ? NadClaim.Taken : NadClaim.Orphaned;
    }

    /// <summary>
    /// The controller reference whose existence decides <see cref="Classify"/> (the one it would pass to smcAlive), or
    /// null when the answer does not depend on it: lets a caller that must ask the API server ask only then.
    /// </summary>
    public static V1OwnerReference? LivenessQuestion(V1ObjectMeta? nad, string smcName, string? smcUid)
    {
        var controller = Controller(nad);
        if (controller is null || !IsSmc(controller)) return null;
        if (!string.IsNullOrEmpty(smcUid) && controller.Uid == smcUid) return null;
        return controller.Name == smcName ? null : controller;
    }

    /// <summary>The controller reference of a NAD (any kind), or null.</summary>
    public static V1OwnerReference? Controller(V1ObjectMeta? nad) => nad?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    public static bool IsSmc(V1OwnerReference owner) =>
        owner.Kind == SpiderMultusConfig.KindName && (owner.ApiVersion?.StartsWith(SpiderMultusConfig.Group + "/", StringComparison.Ordinal) ?? false);
}
