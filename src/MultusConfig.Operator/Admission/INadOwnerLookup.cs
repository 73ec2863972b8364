using k8s.Models;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// What the validating webhook needs to apply <see cref="Controller.NadOwnership"/>, the reconciler's own
/// rule: a NAD's metadata as the controller's informer cache knows it, and whether the SMC a controller
/// reference names still exists.
/// </summary>
public interface INadOwnerLookup
{
    /// <summary>False when the cache has not synced yet (the webhook then skips the conflict check).</summary>
    bool IsReady { get; }

    /// <summary>The NAD's metadata, or null when it does not exist.</summary>
    V1ObjectMeta? NadMetadata(string nadNamespace, string nadName);

    /// <summary>
    /// Whether the SMC <paramref name="owner"/> names exists with its uid; asked only for a NAD controlled by
    /// another SMC. True when that cannot be known (the conflict is then reported, as before).
    /// </summary>
    ValueTask<bool> SmcExistsAsync(string nadNamespace, V1OwnerReference owner, CancellationToken ct);
}
