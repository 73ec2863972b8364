using MultusConfig.Core.Api;

namespace MultusConfig.Core.Defaulting;

/// <summary>
/// The documented profile (spec 0.1): the stored object as it is, minus values that change nothing for
/// the plugins (an MTU of 0, an empty pkey, ibKubernetesEnabled false), so the renderer leaves them out,
/// and with bare addresses in coordinator CIDR lists written as the prefixes the coordinator expects.
/// </summary>
internal static class DocumentedDefaults
{
    public static void Apply(SpiderMultusConfigSpec s)
    {
        StoredDefaults.ApplySpec(s);
        if (s.Macvlan is { Mtu: 0 }) s.Macvlan.Mtu = null;
        if (s.Ipvlan is { Mtu: 0 }) s.Ipvlan.Mtu = null;
        if (s.Vlan is { Mtu: 0 }) s.Vlan.Mtu = null;
        if (s.Sriov is { Mtu: 0 }) s.Sriov.Mtu = null;
        if (s.IbSriov is { } ib)
        {
            if (ib.Pkey == "") ib.Pkey = null;
            if (ib.EnableIbKubernetes == false) ib.EnableIbKubernetes = null;
        }
        if (s.Coordinator is { } c)
        {
            if (c.HijackCidr is not null) c.HijackCidr = [.. c.HijackCidr.Select(AsPrefix)];
            foreach (var route in c.PolicyRoutes ?? []) if (route?.Dst is { } dst) route.Dst = AsPrefix(dst);
        }
    }

    /// <summary>
    /// The coordinator parses these as CIDRs, so a bare address (which admission accepts, as the reference
    /// does) would fail the pod: it becomes the single-address prefix it means.
    /// </summary>
    private static string AsPrefix(string value) =>
        value.Contains('/', StringComparison.Ordinal) || value.Length == 0 ? value
        : value.Contains(':', StringComparison.Ordinal) ? value + "/128" : value + "/32";
}
