using System.Text.Json;
using k8s.Models;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Controller;

/// <summary>
/// Brings an existing NAD to the desired one in what we own only: spec.config, our controller
/// reference and the annotation keys we write (the desired ones are set, those we wrote before and no
/// longer want are removed, see <see cref="ManagedAnnotations"/>). Other annotations, labels and
/// non-controller owners stay. Returns whether anything changed, so that a converged NAD costs no write (D12, D13).
/// </summary>
internal static class NadDiff
{
    public static bool Apply(NetworkAttachmentDefinition existing, NetworkAttachmentDefinition desired, bool adopting)
    {
        var changed = false;
        var meta = existing.Metadata;
        if (adopting && existing.Spec?.Config is { Length: > 0 } previous && previous != desired.Spec.Config)
        {
            // Nothing is lost on adoption: the config we replace stays readable on the NAD (D10).
            meta.Annotations ??= new Dictionary<string, string>();
            meta.Annotations[Annotations.PreviousConfig] = previous;
            changed = true;
        }

        var wanted = desired.Metadata.Annotations ?? new Dictionary<string, string>();
        // Keys we wrote before and want no more go; the record and the kept previous config are handled apart.
        var smcControlled = meta.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is { } previousController && NadOwnership.IsSmc(previousController);
        foreach (var key in ManagedAnnotations.Previous(meta.Annotations, smcControlled).ToList())
        {
            if (key is Annotations.PreviousConfig or Annotations.ManagedAnnotations || wanted.ContainsKey(key) || meta.Annotations?.Remove(key) != true) continue;
            changed = true;
        }

        foreach (var (key, value) in wanted)
        {
            if (key == Annotations.ManagedAnnotations) continue;
            meta.Annotations ??= new Dictionary<string, string>();
            if (meta.Annotations.TryGetValue(key, out var current) && current == value) continue;
            meta.Annotations[key] = value;
            changed = true;
        }

        // Spiderpool copied kubectl's bookkeeping of the SMC onto the NAD (D13); we remove such a copy, but
        // not the NAD's own (a NAD applied with kubectl describes a NetworkAttachmentDefinition).
        if (meta.Annotations is not null && meta.Annotations.TryGetValue(Annotations.LastAppliedConfiguration, out var applied) && DescribesSmc(applied))
        {
            meta.Annotations.Remove(Annotations.LastAppliedConfiguration);
            changed = true;
        }

        existing.Spec ??= new NetworkAttachmentDefinitionSpec();
        // Compared without decoding the cached config (kept as UTF-8): no allocation for a NAD that is up to date.
        if (!existing.Spec.ConfigEquals(desired.Spec.Config))
        {
            existing.Spec.Config = desired.Spec.Config;
            changed = true;
        }

        var ours = desired.Metadata.OwnerReferences[0];
        var owners = meta.OwnerReferences ?? [];
        var controller = owners.FirstOrDefault(o => o.Controller == true);
        if (controller is null || controller.Uid != ours.Uid || controller.Kind != ours.Kind || controller.ApiVersion != ours.ApiVersion
            || controller.Name != ours.Name || controller.BlockOwnerDeletion != true)
        {
            meta.OwnerReferences = [.. owners.Where(o => o.Controller != true && o.Uid != ours.Uid), ours];
            changed = true;
        }

        // The record of our keys goes with any write. A NAD without one that needs no write gets none: taking
        // over Spiderpool's NADs stays free of writes, and such a NAD falls under ManagedAnnotations.Previous's rule.
        wanted.TryGetValue(Annotations.ManagedAnnotations, out var record);
        string? recorded = null;
        meta.Annotations?.TryGetValue(Annotations.ManagedAnnotations, out recorded);
        if (record != recorded && (changed || recorded is not null))
        {
            if (record is null) meta.Annotations!.Remove(Annotations.ManagedAnnotations);
            else (meta.Annotations ??= new Dictionary<string, string>())[Annotations.ManagedAnnotations] = record;
            changed = true;
        }
        return changed;
    }

    private static bool DescribesSmc(string? lastApplied)
    {
        if (string.IsNullOrEmpty(lastApplied)) return false;
        try
        {
            using var doc = JsonDocument.Parse(lastApplied);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("kind", out var kind)
                && kind.ValueKind == JsonValueKind.String && kind.GetString() == SpiderMultusConfig.KindName;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
