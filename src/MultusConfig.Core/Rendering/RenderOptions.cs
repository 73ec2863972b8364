using MultusConfig.Core.Pipeline;

namespace MultusConfig.Core.Rendering;

/// <summary>
/// The few rendering choices that are not a matter of which defaults are materialized: how user JSON
/// is embedded and which reference defects the spiderpool profile keeps for byte-compatibility.
/// </summary>
internal sealed record RenderOptions(
    bool CanonicalChainedPlugins,
    bool PodRpFilterNeedsPodCidrType,
    bool RenderHostRuleTable,
    bool PrefixRouteDestinations)
{
    /// <summary>
    /// Chained plugins as written (D16 fixed), podRPFilter whenever set (D1), hostRuleTable when set (D2),
    /// a bare route destination written as the prefix the coordinator reads it as.
    /// </summary>
    public static readonly RenderOptions Documented = new(false, false, true, true);

    /// <summary>
    /// The reference's behaviour: chained plugins re-encoded with sorted keys, D1 and D2 kept, route
    /// destinations verbatim (the coordinator's ParseIPOrCIDR accepts a bare address, so its bytes stay).
    /// </summary>
    public static readonly RenderOptions Spiderpool = new(true, true, false, false);

    public static RenderOptions For(RenderProfile profile) => profile == RenderProfile.Spiderpool ? Spiderpool : Documented;
}
