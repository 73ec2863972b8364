using System.Globalization;
using MultusConfig.Core.Api;
using MultusConfig.Core.Json;

namespace MultusConfig.Core.Rendering;

/// <summary>One method per plugin object, keys in the reference's emission order (spec 6.4 to 6.7).</summary>
internal static class PluginWriter
{
    /// <summary>ifacer creates the VLAN sub-interface and/or the bond the main plugin then uses as master.</summary>
    public static void Ifacer(GoJsonWriter w, int vlanId, List<string> interfaces, BondConfig? bond)
    {
        w.StartObject();
        if (vlanId != 0) w.Property("vlanID", vlanId);
        w.Property("type", "ifacer");
        if (interfaces.Count > 0) w.Property("interfaces", interfaces);
        if (bond is not null)
        {
            w.Name("bond");
            w.StartObject();
            w.Property("name", bond.Name ?? "");
            w.Property("mode", bond.Mode ?? 0);
            if (bond.Options is not null) w.Property("options", bond.Options);
            w.EndObject();
        }
        w.EndObject();
    }

    /// <summary>The master name macvlan/ipvlan/vlan use: the one interface, or the bond; plus ".vlan" for ifacer's sub-interface.</summary>
    public static string MasterName(List<string> masters, BondConfig? bond, int? vlanId)
    {
        var name = masters.Count == 1 ? masters[0] : bond?.Name ?? "";
        return vlanId is { } id and not 0 ? name + "." + id.ToString(CultureInfo.InvariantCulture) : name;
    }

    public static void MacvlanOrIpvlan(GoJsonWriter w, string type, MacvlanConfig m, SpiderMultusConfigSpec s, string master)
    {
        w.StartObject();
        w.Property("type", type);
        w.Property("master", master);
        // macvlan always had mode bridge written; ipvlan's mode (our extension) only when set, l2 being its default.
        if (type == CniTypes.Macvlan) w.Property("mode", m.Mode ?? InterfaceModes.MacvlanDefault);
        else if (m.Mode is { } ipvlanMode) w.Property("mode", ipvlanMode);
        if (m.Mtu is { } mtu) w.Property("mtu", mtu);
        Ipam(w, s, m.IpPools, matchMasterSubnet: false);
        w.EndObject();
    }

    public static void Vlan(GoJsonWriter w, VlanConfig v, SpiderMultusConfigSpec s, string master)
    {
        w.StartObject();
        w.Property("type", "vlan");
        w.Property("master", master);
        if (v.VlanMode is not null) w.Property("vlanMode", v.VlanMode);
        if (v.VlanMode == "manual" && v.VlanId is { } id) w.Property("vlanId", id);
        if (v.Mtu is { } mtu) w.Property("mtu", mtu);
        Ipam(w, s, v.IpPools, matchMasterSubnet: false);
        w.EndObject();
    }

    public static void Sriov(GoJsonWriter w, SriovConfig sr, SpiderMultusConfigSpec s)
    {
        w.StartObject();
        if (sr.VlanId is { } vlan) w.Property("vlan", vlan);
        if (sr.MinTxRateMbps is { } min) w.Property("min_tx_rate", min);
        if (sr.MaxTxRateMbps is { } max) w.Property("max_tx_rate", max);
        w.Property("type", "sriov");
        Ipam(w, s, sr.IpPools, matchMasterSubnet: sr.IpPools?.MatchMasterSubnet == true);
        w.EndObject();
    }

    public static void IbSriov(GoJsonWriter w, IbSriovConfig ib, SpiderMultusConfigSpec s)
    {
        w.StartObject();
        w.Property("type", "ib-sriov");
        if (ib.Pkey is not null) w.Property("pkey", ib.Pkey);
        if (ib.LinkState is not null) w.Property("link_state", ib.LinkState);
        if (ib.RdmaIsolation is { } rdma) w.Property("rdmaIsolation", rdma);
        if (ib.EnableIbKubernetes is { } ibk) w.Property("ibKubernetesEnabled", ibk);
        Ipam(w, s, ib.IpPools, matchMasterSubnet: false);
        w.EndObject();
    }

    public static void Ipoib(GoJsonWriter w, IpoibConfig ipoib, SpiderMultusConfigSpec s)
    {
        w.StartObject();
        w.Property("type", "ipoib");
        if (!string.IsNullOrEmpty(ipoib.Master)) w.Property("master", ipoib.Master);
        Ipam(w, s, ipoib.IpPools, matchMasterSubnet: false);
        w.EndObject();
    }

    public static void Ovs(GoJsonWriter w, OvsConfig o, SpiderMultusConfigSpec s)
    {
        w.StartObject();
        if (o.Vlan is { } vlan) w.Property("vlan", vlan);
        w.Property("type", "ovs");
        w.Property("bridge", o.Bridge ?? "");
        if (!string.IsNullOrEmpty(o.DeviceId)) w.Property("deviceID", o.DeviceId);
        Ipam(w, s, o.IpPools, matchMasterSubnet: false);
        if (o.Trunk is { Count: > 0 } trunk)
        {
            w.Name("trunk");
            w.StartArray();
            foreach (var t in trunk)
            {
                w.StartObject();
                if (t?.MinId is { } min) { w.Name("minID"); w.Number(min); }
                if (t?.MaxId is { } max) { w.Name("maxID"); w.Number(max); }
                if (t?.Id is { } id) { w.Name("id"); w.Number(id); }
                w.EndObject();
            }
            w.EndArray();
        }
        w.EndObject();
    }

    private static void Ipam(GoJsonWriter w, SpiderMultusConfigSpec s, IpPools? pools, bool matchMasterSubnet)
    {
        if (s.DisableIpam == true) return;
        if (IpamWriter.IsOwn(s))
        {
            IpamWriter.Write(w, s.Ipam!);
            if (IpamWriter.NeedsIpsCapability(s)) IpamWriter.IpsCapability(w);
            return;
        }
        w.Name("ipam");
        w.StartObject();
        w.Property("type", "spiderpool");
        if (pools?.Ipv4 is { Count: > 0 } v4) w.Property("default_ipv4_ippool", v4);
        if (pools?.Ipv6 is { Count: > 0 } v6) w.Property("default_ipv6_ippool", v6);
        if (matchMasterSubnet) w.Property("match_master_subnet", true);
        w.EndObject();
    }

    public static void Coordinator(GoJsonWriter w, CoordinatorSpec? c, RenderOptions options)
    {
        w.StartObject();
        if (c is null)
        {
            w.Property("type", "coordinator");
            w.EndObject();
            return;
        }
        if (c.TxQueueLen is { } txq) w.Property("txQueueLen", txq);
        if (!string.IsNullOrEmpty(c.VethLinkAddress)) w.Property("vethLinkAddress", c.VethLinkAddress);
        if (c.VethMtu is { } vethMtu) w.Property("vethMTU", vethMtu);
        if (c.TunePodRoutes is { } tune) w.Property("tunePodRoutes", tune);
        if (!string.IsNullOrEmpty(c.PodMacPrefix)) w.Property("podMACPrefix", c.PodMacPrefix);
        // The coordinator binary knows "disable"; the CRD's "disabled" would fail every pod (D4).
        if (!string.IsNullOrEmpty(c.Mode)) w.Property("mode", c.Mode == "disabled" ? "disable" : c.Mode);
        w.Property("type", "coordinator");
        if (!string.IsNullOrEmpty(c.PodDefaultRouteNic)) w.Property("podDefaultRouteNic", c.PodDefaultRouteNic);
        if (c.PodRpFilter is { } rp && (!options.PodRpFilterNeedsPodCidrType || c.PodCidrType is not null)) w.Property("podRPFilter", rp);
        if (options.RenderHostRuleTable && c.HostRuleTable is { } table) w.Property("hostRuleTable", table);
        if (c.HijackCidr is { Count: > 0 } hijack)
        {
            // A bare address would fail every pod in the coordinator's net.ParseCIDR (D31): both profiles write its prefix.
            w.Name("hijackCIDR");
            w.StartArray();
            for (var i = 0; i < hijack.Count; i++) w.String(AddressPrefixes.AsPrefix(hijack[i])!);
            w.EndArray();
        }
        if (c.PolicyRoutes is { Count: > 0 } routes)
        {
            w.Name("policyRoutes");
            w.StartArray();
            foreach (var r in routes)
            {
                w.StartObject();
                w.Property("dst", (options.PrefixRouteDestinations ? AddressPrefixes.AsPrefix(r?.Dst) : r?.Dst) ?? "");
                w.Property("gw", r?.Gw ?? "");
                w.EndObject();
            }
            w.EndArray();
        }
        w.EndObject();
    }
}
