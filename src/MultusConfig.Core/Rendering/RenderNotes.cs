using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Core.Rendering;

/// <summary>The <see cref="RenderNote"/>s of an SMC: one per value the renderer writes in another form than given.</summary>
public static class RenderNotes
{
    /// <summary>
    /// Per bare address that becomes a prefix in the profile's NAD: every <c>hijackCIDR</c> entry (both
    /// profiles, D31), and route destinations in the documented profile. Nothing when no coordinator plugin
    /// is rendered. Read from the SMC as stored; the renderer applies the same rules (<see cref="PluginWriter.Coordinator"/>).
    /// </summary>
    public static IReadOnlyList<RenderNote> For(SpiderMultusConfigSpec? spec, RenderProfile profile)
    {
        if (spec?.Coordinator is not { } c || !(spec.EnableCoordinator ?? true) || (spec.CniType ?? CniTypes.Custom) == CniTypes.Custom) return [];
        List<RenderNote>? notes = null;
        for (var i = 0; i < (c.HijackCidr?.Count ?? 0); i++)
        {
            var value = c.HijackCidr![i];
            if (AddressPrefixes.IsBare(value)) (notes ??= []).Add(Note($"spec.coordinator.hijackCIDR[{i}]", value));
        }
        if (RenderOptions.For(profile).PrefixRouteDestinations)
        {
            for (var i = 0; i < (c.PolicyRoutes?.Count ?? 0); i++)
            {
                var dst = c.PolicyRoutes![i]?.Dst;
                if (AddressPrefixes.IsBare(dst)) (notes ??= []).Add(Note($"spec.coordinator.policyRoutes[{i}].dst", dst));
            }
        }
        return notes ?? (IReadOnlyList<RenderNote>)[];
    }

    private static RenderNote Note(string path, string? value) => new(path, $"{value} is written as {AddressPrefixes.AsPrefix(value)}");
}
