using MultusConfig.Core.Api;
using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Defaulting;

/// <summary>
/// What our mutating webhook stores (spec 0.2): the CRD's meaningful defaults and nothing else, so that
/// an object created while the webhook was down renders the same; plus the inject labels, mirrored from
/// their annotations only when the value is a valid label value (D25) and removed with the annotation.
/// </summary>
public static class StoredDefaults
{
    public static void Apply(SpiderMultusConfig smc)
    {
        ArgumentNullException.ThrowIfNull(smc);
        if (smc.Spec is { } spec) ApplySpec(spec);
        MirrorInjectLabels(smc);
    }

    public static void ApplySpec(SpiderMultusConfigSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.CniType ??= CniTypes.Custom;
        spec.EnableCoordinator ??= true;
        spec.DisableIpam ??= false;
        if (spec.Vlan is { } vlan) vlan.VlanMode ??= "manual";
        if (spec.IbSriov is { } ib)
        {
            ib.LinkState ??= "enable";
            ib.RdmaIsolation ??= true;
        }
        foreach (var pools in AllPools(spec)) pools.MatchMasterSubnet ??= false;
    }

    private static IEnumerable<IpPools> AllPools(SpiderMultusConfigSpec s)
    {
        IpPools?[] all = [s.Macvlan?.IpPools, s.Ipvlan?.IpPools, s.Vlan?.IpPools, s.Sriov?.IpPools, s.IbSriov?.IpPools, s.Ipoib?.IpPools, s.Ovs?.IpPools];
        return all.OfType<IpPools>();
    }

    private static void MirrorInjectLabels(SpiderMultusConfig smc)
    {
        var annotations = smc.Metadata?.Annotations;
        foreach (var key in Annotations.InjectKeys)
        {
            if (annotations is not null && annotations.TryGetValue(key, out var value))
            {
                if (Names.LabelValueErrors(value ?? "").Any()) continue;
                smc.Metadata!.Labels ??= new Dictionary<string, string>();
                smc.Metadata.Labels[key] = value ?? "";
            }
            else
            {
                smc.Metadata?.Labels?.Remove(key);
            }
        }
    }
}
