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
        // One call per block rather than a sequence of them: this runs on every render and must not allocate.
        DefaultPools(spec.Macvlan?.IpPools);
        DefaultPools(spec.Ipvlan?.IpPools);
        DefaultPools(spec.Vlan?.IpPools);
        DefaultPools(spec.Sriov?.IpPools);
        DefaultPools(spec.IbSriov?.IpPools);
        DefaultPools(spec.Ipoib?.IpPools);
        DefaultPools(spec.Ovs?.IpPools);
    }

    private static void DefaultPools(IpPools? pools)
    {
        if (pools is not null) pools.MatchMasterSubnet ??= false;
    }

    private static void MirrorInjectLabels(SpiderMultusConfig smc)
    {
        var annotations = smc.Metadata?.Annotations;
        for (var i = 0; i < Annotations.InjectKeys.Count; i++)
        {
            var key = Annotations.InjectKeys[i];
            if (annotations is not null && annotations.TryGetValue(key, out var value))
            {
                if (!Names.IsLabelValue(value ?? "")) continue;
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
