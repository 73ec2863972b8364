using MultusConfig.Core.Api;

namespace MultusConfig.Core.Defaulting;

/// <summary>
/// The reference's full defaulting (spec sections 3 and 4), which the spiderpool profile materializes
/// before rendering: CRD defaults (pass A), the mutating webhook, CRD defaults again (pass B).
/// Skipping a pass changes the output (txQueueLen disappears, tunePodRoutes turns false).
/// </summary>
internal static class ReferenceDefaults
{
    public static void Apply(SpiderMultusConfigSpec spec)
    {
        CrdDefaults(spec);
        Mutate(spec);
        CrdDefaults(spec);
    }

    /// <summary>The reference CRD's structural defaults, applied only where the parent object exists.</summary>
    private static void CrdDefaults(SpiderMultusConfigSpec s)
    {
        s.CniType ??= CniTypes.Custom;
        s.EnableCoordinator ??= true;
        s.DisableIpam ??= false;
        foreach (var m in new[] { s.Macvlan, s.Ipvlan })
        {
            if (m is null) continue;
            m.Mtu ??= 0;
            PoolDefaults(m.IpPools);
        }
        if (s.Vlan is { } v)
        {
            v.Mtu ??= 0;
            v.VlanMode ??= "manual";
            PoolDefaults(v.IpPools);
        }
        if (s.Sriov is { } sr)
        {
            sr.Mtu ??= 0;
            sr.RdmaIsolation ??= false;
            PoolDefaults(sr.IpPools);
        }
        if (s.IbSriov is { } ib)
        {
            ib.LinkState ??= "enable";
            ib.RdmaIsolation ??= true;
            ib.EnableIbKubernetes ??= false;
            PoolDefaults(ib.IpPools);
        }
        PoolDefaults(s.Ipoib?.IpPools);
        PoolDefaults(s.Ovs?.IpPools);
        if (s.Coordinator is { } c)
        {
            c.Mode ??= "auto";
            c.TunePodRoutes ??= true;
            c.HostRuleTable ??= 500;
            c.PodRpFilter ??= 0;
            c.TxQueueLen ??= 0;
        }
    }

    private static void PoolDefaults(IpPools? p)
    {
        if (p is not null) p.MatchMasterSubnet ??= false;
    }

    /// <summary>The reference's mutating webhook (spec 4.2).</summary>
    private static void Mutate(SpiderMultusConfigSpec s)
    {
        s.CniType ??= CniTypes.Custom;
        switch (s.CniType)
        {
            case CniTypes.Macvlan: MutateMaster(s.Macvlan); break;
            case CniTypes.Ipvlan: MutateMaster(s.Ipvlan); break;
            case CniTypes.Vlan:
                if (s.Vlan is { } v)
                {
                    v.VlanMode ??= "manual";
                    if (v.VlanMode == "manual") v.VlanId ??= 0;
                    v.RdmaResourceName ??= "";
                    v.Mtu ??= 0;
                    if (v.Bond is { } b) b.Options ??= "";
                    v.IpPools ??= new IpPools();
                }
                break;
            case CniTypes.Sriov:
                if (s.Sriov is { } sr)
                {
                    sr.VlanId ??= 0;
                    sr.Mtu ??= 0;
                    sr.MinTxRateMbps ??= 0;
                    sr.MaxTxRateMbps ??= 0;
                    sr.RdmaIsolation ??= false;
                    sr.ResourceName ??= "";
                    sr.IpPools ??= new IpPools();
                    sr.IpPools.MatchMasterSubnet ??= false;
                }
                break;
            case CniTypes.IbSriov:
                if (s.IbSriov is { } ib)
                {
                    ib.Pkey ??= "";
                    ib.EnableIbKubernetes ??= false;
                    ib.RdmaIsolation ??= true;
                    ib.ResourceName ??= "";
                    ib.LinkState ??= "enable";
                    ib.IpPools ??= new IpPools();
                }
                break;
            case CniTypes.Ipoib:
                if (s.Ipoib is { } ipoib) ipoib.IpPools ??= new IpPools();
                break;
            case CniTypes.Ovs:
                if (s.Ovs is { } o)
                {
                    o.Vlan ??= 0;
                    o.IpPools ??= new IpPools();
                }
                break;
            case CniTypes.Custom:
                s.CustomCni ??= "";
                break;
        }

        if (s.CniType == CniTypes.Custom)
        {
            s.Coordinator = null;
            s.EnableCoordinator = false;
        }
        else if (s.Coordinator is null)
        {
            s.Coordinator = new CoordinatorSpec
            {
                Mode = "auto", HijackCidr = [], PolicyRoutes = [], VethLinkAddress = "", PodMacPrefix = "",
                PodDefaultRouteNic = "", PodRpFilter = 0, TunePodRoutes = true,
            };
        }
        else
        {
            var c = s.Coordinator;
            c.Mode ??= "auto";
            c.HijackCidr ??= [];
            c.PolicyRoutes ??= [];
            c.PodMacPrefix ??= "";
            c.PodDefaultRouteNic ??= "";
            c.TunePodRoutes ??= false;
            c.TxQueueLen ??= 0;
            c.PodRpFilter ??= 0;
        }

        s.ChainCniJsonData ??= [];
    }

    private static void MutateMaster(MacvlanConfig? m)
    {
        if (m is null) return;
        m.VlanId ??= 0;
        if (m.Bond is { } b) b.Options ??= "";
        m.Mtu ??= 0;
        m.RdmaResourceName ??= "";
        m.IpPools ??= new IpPools();
    }
}
