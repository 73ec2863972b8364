using MultusConfig.Core.Api;

namespace MultusConfig.Core.Validation;

/// <summary>
/// The admission rules of spec section 5 with the fixes of 0.3. Every rule is checked and every error
/// returned, in section 5.2's order, each with its real field path. Works on any typed object, including
/// ones that never met the schema (an object stored while the webhook was down), and never throws.
/// </summary>
public static partial class SmcValidator
{
    private static readonly IDictionary<string, string> NoAnnotations = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Validates an SMC on CREATE, or on UPDATE when <paramref name="old"/> is given.</summary>
    public static List<FieldError> Validate(SpiderMultusConfig smc, SpiderMultusConfig? old = null)
    {
        ArgumentNullException.ThrowIfNull(smc);
        var errors = new List<FieldError>();
        Validate(smc, old, errors);
        return errors;
    }

    /// <summary>As <see cref="Validate(SpiderMultusConfig, SpiderMultusConfig?)"/>, adding the errors to a list the caller owns.</summary>
    internal static void Validate(SpiderMultusConfig smc, SpiderMultusConfig? old, List<FieldError> errors)
    {
        var annotations = smc.Metadata?.Annotations ?? NoAnnotations;
        var spec = smc.Spec ?? new SpiderMultusConfigSpec();
        var cniType = spec.CniType ?? CniTypes.Custom;

        if (old is not null) CheckCrNameImmutable(annotations, old.Metadata?.Annotations, errors);
        CheckAnnotations(annotations, cniType, errors);

        var injected = InjectedKeys(annotations);
        switch (cniType)
        {
            case CniTypes.Macvlan: CheckMasterBlock(spec, spec.Macvlan, "macvlan", injected, errors); break;
            case CniTypes.Ipvlan: CheckMasterBlock(spec, spec.Ipvlan, "ipvlan", injected, errors); break;
            case CniTypes.Vlan: CheckVlan(spec, injected, errors); break;
            case CniTypes.Sriov: CheckSriov(spec, injected, errors); break;
            case CniTypes.IbSriov: CheckIbSriov(spec, injected, errors); break;
            case CniTypes.Ipoib: CheckIpoib(spec, injected, errors); break;
            case CniTypes.Ovs: CheckOvs(spec, injected, errors); break;
            case CniTypes.Custom: CheckCustom(spec, injected, errors); break;
            default:
                errors.Add(new FieldError("spec.cniType", FieldErrorKind.NotSupported,
                    "supported values: " + string.Join(", ", CniTypes.All.Select(t => $"\"{t}\"")), ValueText.Of(cniType)));
                break;
        }

        if (CniTypes.All.Contains(cniType)) CheckIpam(spec, cniType, errors);

        if (cniType != CniTypes.Custom)
        {
            if (spec.Coordinator is { } coordinator) CheckCoordinator(coordinator, errors);
            CheckChainedPlugins(spec.ChainCniJsonData, errors);
        }
    }

    /// <summary>The inject annotations present, in <see cref="Annotations.InjectKeys"/> order; usually none, then no list is made.</summary>
    private static IReadOnlyList<string> InjectedKeys(IDictionary<string, string> annotations)
    {
        List<string>? injected = null;
        for (var i = 0; i < Annotations.InjectKeys.Count; i++)
        {
            if (annotations.ContainsKey(Annotations.InjectKeys[i])) (injected ??= []).Add(Annotations.InjectKeys[i]);
        }
        if (injected is null) return Array.Empty<string>();
        return injected;
    }

    private static string AnnotationPath(string key) => $"metadata.annotations[{key}]";

    /// <summary>The block fields that belong to each cniType, to report the ones set for another type.</summary>
    private static readonly string[] BlockPaths =
        ["spec.macvlan", "spec.ipvlan", "spec.vlan", "spec.sriov", "spec.ibsriov", "spec.ipoib", "spec.ovs", "spec.customCNI"];

    private static bool IsBlockSet(SpiderMultusConfigSpec s, int index) => index switch
    {
        0 => s.Macvlan is not null,
        1 => s.Ipvlan is not null,
        2 => s.Vlan is not null,
        3 => s.Sriov is not null,
        4 => s.IbSriov is not null,
        5 => s.Ipoib is not null,
        6 => s.Ovs is not null,
        // An empty customCNI is what the reference's webhook stored for custom: a stale default, not a setting (D23).
        _ => !string.IsNullOrEmpty(s.CustomCni),
    };

    private static void CheckOtherBlocks(SpiderMultusConfigSpec spec, string ownPath, string cniType, List<FieldError> errors)
    {
        for (var i = 0; i < BlockPaths.Length; i++)
        {
            if (IsBlockSet(spec, i) && BlockPaths[i] != ownPath)
                errors.Add(new FieldError(BlockPaths[i], FieldErrorKind.Forbidden, $"must not be set when cniType is {cniType}; only {ownPath} may be"));
        }
    }

    private static bool CheckBlockPresent(object? block, string path, string cniType, List<FieldError> errors)
    {
        if (block is not null) return true;
        errors.Add(new FieldError(path, FieldErrorKind.Required, $"cniType {cniType} needs its settings in {path}"));
        return false;
    }
}
