using MultusConfig.Core.Api;

namespace MultusConfig.Core.Defaulting;

/// <summary>Deep copies of a spec, so that a render profile can materialize defaults without touching a cached object.</summary>
internal static class SpecCloner
{
    public static SpiderMultusConfigSpec Clone(SpiderMultusConfigSpec s) => new()
    {
        CniType = s.CniType,
        Macvlan = Clone(s.Macvlan),
        Ipvlan = Clone(s.Ipvlan),
        Vlan = s.Vlan is { } v ? new VlanConfig
        {
            Master = Copy(v.Master), Mtu = v.Mtu, VlanMode = v.VlanMode, VlanId = v.VlanId, Bond = Clone(v.Bond),
            RdmaResourceName = v.RdmaResourceName, IpPools = Clone(v.IpPools),
        } : null,
        Sriov = s.Sriov is { } sr ? new SriovConfig
        {
            ResourceName = sr.ResourceName, VlanId = sr.VlanId, Mtu = sr.Mtu, MinTxRateMbps = sr.MinTxRateMbps,
            MaxTxRateMbps = sr.MaxTxRateMbps, RdmaIsolation = sr.RdmaIsolation, IpPools = Clone(sr.IpPools),
        } : null,
        IbSriov = s.IbSriov is { } ib ? new IbSriovConfig
        {
            ResourceName = ib.ResourceName, Pkey = ib.Pkey, LinkState = ib.LinkState, RdmaIsolation = ib.RdmaIsolation,
            EnableIbKubernetes = ib.EnableIbKubernetes, IpPools = Clone(ib.IpPools),
        } : null,
        Ipoib = s.Ipoib is { } ipoib ? new IpoibConfig { Master = ipoib.Master, IpPools = Clone(ipoib.IpPools) } : null,
        Ovs = s.Ovs is { } o ? new OvsConfig
        {
            Bridge = o.Bridge, Vlan = o.Vlan, DeviceId = o.DeviceId, IpPools = Clone(o.IpPools),
            Trunk = o.Trunk?.Select(t => t is null ? null! : new Trunk { MinId = t.MinId, MaxId = t.MaxId, Id = t.Id }).ToList(),
        } : null,
        EnableCoordinator = s.EnableCoordinator,
        DisableIpam = s.DisableIpam,
        Coordinator = s.Coordinator is { } c ? new CoordinatorSpec
        {
            Mode = c.Mode, PodCidrType = c.PodCidrType, HijackCidr = Copy(c.HijackCidr),
            PolicyRoutes = c.PolicyRoutes?.Select(r => r is null ? null! : new PolicyRoute { Dst = r.Dst, Gw = r.Gw }).ToList(),
            PodMacPrefix = c.PodMacPrefix, TunePodRoutes = c.TunePodRoutes, PodDefaultRouteNic = c.PodDefaultRouteNic,
            HostRuleTable = c.HostRuleTable, PodRpFilter = c.PodRpFilter, TxQueueLen = c.TxQueueLen,
            VethLinkAddress = c.VethLinkAddress, VethMtu = c.VethMtu,
        } : null,
        ChainCniJsonData = Copy(s.ChainCniJsonData),
        CustomCni = s.CustomCni,
        Ipam = Clone(s.Ipam),
    };

    private static IpamConfig? Clone(IpamConfig? i) => i is null ? null : new IpamConfig
    {
        Type = i.Type,
        Ranges = i.Ranges?.Select(set => set?.Select(r => r is null ? null! : new IpamRange
        {
            Subnet = r.Subnet, RangeStart = r.RangeStart, RangeEnd = r.RangeEnd, Gateway = r.Gateway,
        }).ToList()!).ToList(),
        Routes = i.Routes?.Select(r => r is null ? null! : new IpamRoute { Dst = r.Dst, Gw = r.Gw }).ToList(),
        DataDir = i.DataDir,
        Addresses = i.Addresses?.Select(a => a is null ? null! : new IpamAddress { Address = a.Address, Gateway = a.Gateway }).ToList(),
        Dns = i.Dns is { } d ? new IpamDns { Nameservers = Copy(d.Nameservers), Domain = d.Domain, Search = Copy(d.Search), Options = Copy(d.Options) } : null,
        Range = i.Range,
        RangeStart = i.RangeStart,
        RangeEnd = i.RangeEnd,
        Exclude = Copy(i.Exclude),
        Gateway = i.Gateway,
    };

    private static MacvlanConfig? Clone(MacvlanConfig? m) => m is null ? null : new MacvlanConfig
    {
        Master = Copy(m.Master), Mtu = m.Mtu, VlanId = m.VlanId, Bond = Clone(m.Bond),
        RdmaResourceName = m.RdmaResourceName, IpPools = Clone(m.IpPools), Mode = m.Mode,
    };

    private static BondConfig? Clone(BondConfig? b) => b is null ? null : new BondConfig { Name = b.Name, Mode = b.Mode, Options = b.Options };

    private static IpPools? Clone(IpPools? p) => p is null ? null : new IpPools { Ipv4 = Copy(p.Ipv4), Ipv6 = Copy(p.Ipv6), MatchMasterSubnet = p.MatchMasterSubnet };

    private static List<string>? Copy(List<string>? list) => list is null ? null : [.. list];
}
