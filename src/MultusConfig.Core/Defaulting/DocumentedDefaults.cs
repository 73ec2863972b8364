using MultusConfig.Core.Api;

namespace MultusConfig.Core.Defaulting;

/// <summary>
/// The documented profile (spec 0.1, 0.1a): the stored object as it is, minus values whose absence the
/// consuming plugin treats exactly as the value (an MTU of 0, an empty pkey, ibKubernetesEnabled false), so
/// the renderer leaves them out, plus the reference's defaults where absent and default differ (ovs
/// <c>vlan</c>, sriov <c>vlan</c> and rates). docs/differences.md gives each plugin's evidence.
/// </summary>
internal static class DocumentedDefaults
{
    public static void Apply(SpiderMultusConfigSpec s)
    {
        StoredDefaults.ApplySpec(s);
        // macvlan, ipvlan, vlan: Go int, 0 = absent, and netlink sends IFLA_MTU only when > 0.
        if (s.Macvlan is { Mtu: 0 }) s.Macvlan.Mtu = null;
        if (s.Ipvlan is { Mtu: 0 }) s.Ipvlan.Mtu = null;
        if (s.Vlan is { Mtu: 0 }) s.Vlan.Mtu = null;
        if (s.Sriov is { Mtu: 0 }) s.Sriov.Mtu = null;
        if (s.Sriov is { } sr)
        {
            // sriov-cni sets the VF's VLAN and rates only when the key is present: absent keeps what the VF has.
            sr.VlanId ??= 0;
            sr.MinTxRateMbps ??= 0;
            sr.MaxTxRateMbps ??= 0;
        }
        if (s.IbSriov is { } ib)
        {
            // ib-sriov-cni and ib-kubernetes read pkey as a Go string ("" = absent), ibKubernetesEnabled as a bool.
            if (ib.Pkey == "") ib.Pkey = null;
            if (ib.EnableIbKubernetes == false) ib.EnableIbKubernetes = null;
        }
        // ovs-cni makes a port without "vlan" a trunk of every VLAN; with a trunk list it ignores "vlan".
        if (s.Ovs is { Vlan: null, Trunk: null or { Count: 0 } } ovs) ovs.Vlan = 0;
    }

    /// <summary>
    /// True when <see cref="Apply"/> would leave the spec as it is, so the renderer can use it without a
    /// copy. Conservative: anything Apply would touch answers false.
    /// </summary>
    public static bool ChangesNothing(SpiderMultusConfigSpec s)
    {
        if (s.CniType is null || s.EnableCoordinator is null || s.DisableIpam is null) return false;
        if (!Settled(s.Macvlan?.IpPools) || !Settled(s.Ipvlan?.IpPools) || !Settled(s.Vlan?.IpPools) || !Settled(s.Sriov?.IpPools)
            || !Settled(s.IbSriov?.IpPools) || !Settled(s.Ipoib?.IpPools) || !Settled(s.Ovs?.IpPools)) return false;
        if (s.Macvlan is { Mtu: 0 } || s.Ipvlan is { Mtu: 0 } || s.Vlan is { Mtu: 0 } || s.Sriov is { Mtu: 0 }) return false;
        if (s.Vlan is { VlanMode: null }) return false;
        if (s.Sriov is { } sr && (sr.VlanId is null || sr.MinTxRateMbps is null || sr.MaxTxRateMbps is null)) return false;
        if (s.IbSriov is { } ib && (ib.LinkState is null || ib.RdmaIsolation is null || ib.Pkey == "" || ib.EnableIbKubernetes == false)) return false;
        if (s.Ovs is { Vlan: null, Trunk: null or { Count: 0 } }) return false;
        return true;
    }

    private static bool Settled(IpPools? pools) => pools is null || pools.MatchMasterSubnet is not null;
}
