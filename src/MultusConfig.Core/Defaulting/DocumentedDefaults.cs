using MultusConfig.Core.Api;

namespace MultusConfig.Core.Defaulting;

/// <summary>
/// The documented profile (spec 0.1): the stored object as it is, minus values that change nothing for
/// the plugins (an MTU of 0, an empty pkey, ibKubernetesEnabled false), so the renderer leaves them out.
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
    }
}
