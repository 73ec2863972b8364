using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Controller;

/// <summary>
/// The NAD annotation keys we wrote, recorded on the NAD itself (<see cref="Annotations.ManagedAnnotations"/>,
/// written with the create and with every update, never in a write of its own), so that a key we no longer want is removed while keys others
/// wrote stay. Spiderpool replaced the annotations wholesale; we may not, because users and other tools
/// annotate NADs too.
/// </summary>
internal static class ManagedAnnotations
{
    /// <summary>Adds the record of the desired keys to the desired NAD (none when it has no annotations).</summary>
    public static void Stamp(NetworkAttachmentDefinition desired)
    {
        var annotations = desired.Metadata.Annotations;
        if (annotations is null) return;
        annotations.Remove(Annotations.ManagedAnnotations);
        if (annotations.Count == 0) return;
        annotations[Annotations.ManagedAnnotations] = string.Join(",", annotations.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The keys we wrote earlier on this NAD. A NAD without the record was written by an older version of
    /// ours, by Spiderpool, or by someone else: then only <see cref="Annotations.ResourceName"/> counts as
    /// ours, and only when an SMC controlled the NAD (<paramref name="smcControlled"/>). Both derived it from
    /// the spec (sriov, ib-sriov, offloaded ovs), and Spiderpool's wholesale replacement left no foreign value
    /// there; a stale one makes Multus request SR-IOV VFs for macvlan pods. The other keys of such a NAD
    /// cannot be told apart from a user's and stay; the first write records the desired keys, from then on
    /// removal is exact.
    /// </summary>
    public static IEnumerable<string> Previous(IDictionary<string, string>? nadAnnotations, bool smcControlled)
    {
        if (nadAnnotations is null) return [];
        if (nadAnnotations.TryGetValue(Annotations.ManagedAnnotations, out var record))
            return record.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return smcControlled ? [Annotations.ResourceName] : [];
    }
}
