using MultusConfig.Core.Api;

namespace MultusConfig.Core.Validation;

/// <summary>
/// The admission rules of spec section 5 with the fixes of 0.3. Every rule is checked and every error
/// returned, in section 5.2's order, each with its real field path. Works on any typed object, including
/// ones that never met the schema (an object stored while the webhook was down), and never throws.
/// </summary>
public static partial class SmcValidator
{
    /// <summary>Validates an SMC on CREATE, or on UPDATE when <paramref name="old"/> is given.</summary>
    public static List<FieldError> Validate(SpiderMultusConfig smc, SpiderMultusConfig? old = null)
    {
        ArgumentNullException.ThrowIfNull(smc);
        var errors = new List<FieldError>();
        var annotations = smc.Metadata?.Annotations ?? new Dictionary<string, string>();
        var spec = smc.Spec ?? new SpiderMultusConfigSpec();
        var cniType = spec.CniType ?? CniTypes.Custom;

        if (old is not null) CheckCrNameImmutable(annotations, old.Metadata?.Annotations, errors);
        CheckAnnotations(annotations, cniType, errors);

        var injected = Annotations.InjectKeys.Where(annotations.ContainsKey).ToList();
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

        if (cniType != CniTypes.Custom)
        {
            if (spec.Coordinator is { } coordinator) CheckCoordinator(coordinator, errors);
            CheckChainedPlugins(spec.ChainCniJsonData, errors);
        }
        return errors;
    }

    private static string AnnotationPath(string key) => $"metadata.annotations[{key}]";

    /// <summary>The block fields that belong to each cniType, to report the ones set for another type.</summary>
    private static IEnumerable<(string Path, bool Set)> Blocks(SpiderMultusConfigSpec s) =>
    [
        ("spec.macvlan", s.Macvlan is not null),
        ("spec.ipvlan", s.Ipvlan is not null),
        ("spec.vlan", s.Vlan is not null),
        ("spec.sriov", s.Sriov is not null),
        ("spec.ibsriov", s.IbSriov is not null),
        ("spec.ipoib", s.Ipoib is not null),
        ("spec.ovs", s.Ovs is not null),
        // An empty customCNI is what the reference's webhook stored for custom: a stale default, not a setting (D23).
        ("spec.customCNI", !string.IsNullOrEmpty(s.CustomCni)),
    ];

    private static void CheckOtherBlocks(SpiderMultusConfigSpec spec, string ownPath, string cniType, List<FieldError> errors)
    {
        foreach (var (path, set) in Blocks(spec))
        {
            if (set && path != ownPath)
                errors.Add(new FieldError(path, FieldErrorKind.Forbidden, $"must not be set when cniType is {cniType}; only {ownPath} may be"));
        }
    }

    private static bool CheckBlockPresent(object? block, string path, string cniType, List<FieldError> errors)
    {
        if (block is not null) return true;
        errors.Add(new FieldError(path, FieldErrorKind.Required, $"cniType {cniType} needs its settings in {path}"));
        return false;
    }
}
