using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Core.Defaulting;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Core.Rendering;

/// <summary>
/// Renders an SMC into the NAD the operator creates (spec section 6). Pure and total: absent values
/// are treated as their defaults (D17), so an object stored while no webhook ran renders too.
/// </summary>
public static class NadRenderer
{
    public static RenderResult Render(SpiderMultusConfig smc, RenderProfile profile)
    {
        ArgumentNullException.ThrowIfNull(smc);
        SpiderMultusConfigSpec spec;
        // The caller's object is never changed: the profile's defaults go into a copy, unless there are none to apply.
        if (profile != RenderProfile.Spiderpool && smc.Spec is { } stored && DocumentedDefaults.ChangesNothing(stored)) spec = stored;
        else
        {
            spec = smc.Spec is null ? new SpiderMultusConfigSpec() : SpecCloner.Clone(smc.Spec);
            if (profile == RenderProfile.Spiderpool) ReferenceDefaults.Apply(spec);
            else DocumentedDefaults.Apply(spec);
        }

        if (!CniTypes.All.Contains(spec.CniType ?? CniTypes.Custom))
            return new RenderResult(null, $"unsupported cniType \"{spec.CniType}\"");
        var smcAnnotations = smc.Metadata?.Annotations;
        var nadName = TargetName(smc);
        string config;
        try
        {
            config = ConfigWriter.Write(spec, nadName, smcAnnotations, RenderOptions.For(profile));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return new RenderResult(null, "cannot render spec.config: " + e.Message);
        }

        var nad = new NetworkAttachmentDefinition(
            new V1ObjectMeta
            {
                Name = nadName,
                NamespaceProperty = smc.Metadata?.NamespaceProperty,
                Annotations = NadAnnotations(spec, smcAnnotations),
                OwnerReferences = [OwnerReference(smc)],
            },
            new NetworkAttachmentDefinitionSpec { Config = config });
        return new RenderResult(nad, null);
    }

    /// <summary>The NAD's name: the cr-name annotation when present, else the SMC's name.</summary>
    public static string TargetName(SpiderMultusConfig smc)
    {
        ArgumentNullException.ThrowIfNull(smc);
        return smc.Metadata?.Annotations is { } a && a.TryGetValue(Annotations.CrName, out var crName) && crName is not null
            ? crName
            : smc.Metadata?.Name ?? "";
    }

    /// <summary>The controller reference that makes the NAD a dependent of its SMC.</summary>
    public static V1OwnerReference OwnerReference(SpiderMultusConfig smc)
    {
        ArgumentNullException.ThrowIfNull(smc);
        return new V1OwnerReference
        {
            ApiVersion = SpiderMultusConfig.GroupVersion,
            Kind = SpiderMultusConfig.KindName,
            Name = smc.Metadata?.Name ?? "",
            Uid = smc.Metadata?.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }

    /// <summary>
    /// The SMC's annotations minus kubectl's last-applied-configuration (D13), plus the device-plugin
    /// resource Multus needs for sriov, ib-sriov and offloaded ovs.
    /// </summary>
    private static Dictionary<string, string>? NadAnnotations(SpiderMultusConfigSpec spec, IDictionary<string, string>? smcAnnotations)
    {
        Dictionary<string, string>? result = null;
        if (smcAnnotations is not null)
        {
            foreach (var (key, value) in smcAnnotations)
            {
                if (key == Annotations.LastAppliedConfiguration) continue;
                (result ??= new Dictionary<string, string>(StringComparer.Ordinal))[key] = value ?? "";
            }
        }
        var resourceName = spec.CniType switch
        {
            CniTypes.Sriov => spec.Sriov?.ResourceName ?? "",
            CniTypes.IbSriov => spec.IbSriov?.ResourceName ?? "",
            CniTypes.Ovs when !string.IsNullOrEmpty(spec.Ovs?.DeviceId) => "ovs-cni.network.kubevirt.io/" + spec.Ovs.Bridge,
            _ => null,
        };
        if (resourceName is not null) (result ??= new Dictionary<string, string>(StringComparer.Ordinal))[Annotations.ResourceName] = resourceName;
        return result;
    }
}
