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
    /// True when <see cref="Apply"/> would leave the spec as it is, so the renderer can use it without a
    /// copy. Conservative: anything Apply would touch (or fail on, such as a null CIDR) answers false.
    /// </summary>
    public static bool ChangesNothing(SpiderMultusConfigSpec s)
    {
        if (s.CniType is null || s.EnableCoordinator is null || s.DisableIpam is null) return false;
        if (!Settled(s.Macvlan?.IpPools) || !Settled(s.Ipvlan?.IpPools) || !Settled(s.Vlan?.IpPools) || !Settled(s.Sriov?.IpPools)
            || !Settled(s.IbSriov?.IpPools) || !Settled(s.Ipoib?.IpPools) || !Settled(s.Ovs?.IpPools)) return false;
        if (s.Macvlan is { Mtu: 0 } || s.Ipvlan is { Mtu: 0 } || s.Vlan is { Mtu: 0 } || s.Sriov is { Mtu: 0 }) return false;
        if (s.Vlan is { VlanMode: null }) return false;
        if (s.IbSriov is { } ib && (ib.LinkState is null || ib.RdmaIsolation is null || ib.Pkey == "" || ib.EnableIbKubernetes == false)) return false;
        if (s.Coordinator is { } c)
        {
            // Apply replaces the list even when no entry changes; an equal list renders the same.
            foreach (var cidr in c.HijackCidr ?? []) if (cidr is null || !IsPrefix(cidr)) return false;
            foreach (var route in c.PolicyRoutes ?? []) if (route?.Dst is { } dst && !IsPrefix(dst)) return false;
        }
        return true;
    }

    private static bool Settled(IpPools? pools) => pools is null || pools.MatchMasterSubnet is not null;

    private static bool IsPrefix(string value) => value.Contains('/', StringComparison.Ordinal) || value.Length == 0;

    /// <summary>
    /// The coordinator parses these as CIDRs, so a bare address (which admission accepts, as the reference
    /// does) would fail the pod: it becomes the single-address prefix it means.
    /// </summary>
    private static string AsPrefix(string value) =>
        value.Contains('/', StringComparison.Ordinal) || value.Length == 0 ? value
        : value.Contains(':', StringComparison.Ordinal) ? value + "/128" : value + "/32";
}
