using MultusConfig.Core.Api;

namespace MultusConfig.Core.Validation;

public static partial class SmcValidator
{
    /// <summary>cr-name names the NAD: it cannot be added, changed or removed after creation (D9).</summary>
    private static void CheckCrNameImmutable(IDictionary<string, string> annotations, IDictionary<string, string>? oldAnnotations, List<FieldError> errors)
    {
        string? oldName = null;
        var hadOld = oldAnnotations is not null && oldAnnotations.TryGetValue(Annotations.CrName, out oldName);
        var hasNew = annotations.TryGetValue(Annotations.CrName, out var newName);
        var path = AnnotationPath(Annotations.CrName);
        if (hadOld && hasNew && oldName != newName)
            errors.Add(new FieldError(path, FieldErrorKind.Invalid, $"changing the NAD name from '{oldName}' to '{newName}' is not supported; create a new SpiderMultusConfig instead", ValueText.Of(oldName ?? "")));
        else if (!hadOld && hasNew)
            errors.Add(new FieldError(path, FieldErrorKind.Invalid, "the NAD name cannot be set after creation; create a new SpiderMultusConfig instead", ValueText.Of(newName ?? "")));
        else if (hadOld && !hasNew)
            errors.Add(new FieldError(path, FieldErrorKind.Invalid, $"cannot be removed after creation: the NAD '{oldName}' would be left behind and a second NAD created", ValueText.Of(oldName ?? "")));
    }

    private static void CheckAnnotations(IDictionary<string, string> annotations, string cniType, List<FieldError> errors)
    {
        if (annotations.TryGetValue(Annotations.CrName, out var crName))
        {
            foreach (var problem in Names.Dns1123SubdomainErrors(crName ?? ""))
                errors.Add(new FieldError(AnnotationPath(Annotations.CrName), FieldErrorKind.Invalid, "invalid NAD name: " + problem, ValueText.Of(crName ?? "")));
        }

        var custom = cniType == CniTypes.Custom;
        if (annotations.TryGetValue(Annotations.CniVersion, out var version))
        {
            if (custom)
                errors.Add(new FieldError(AnnotationPath(Annotations.CniVersion), FieldErrorKind.Forbidden, "has no effect for cniType custom: set cniVersion inside spec.customCNI"));
            else if (!Annotations.SupportedCniVersions.Contains(version))
                errors.Add(new FieldError(AnnotationPath(Annotations.CniVersion), FieldErrorKind.NotSupported,
                    "supported values: " + string.Join(", ", Annotations.SupportedCniVersions.Select(v => $"\"{v}\"")), ValueText.Of(version ?? "")));
        }

        if (annotations.TryGetValue(Annotations.CniConfigName, out var configName))
        {
            if (custom)
                errors.Add(new FieldError(AnnotationPath(Annotations.CniConfigName), FieldErrorKind.Forbidden, "has no effect for cniType custom: set name inside spec.customCNI"));
            else if (!string.IsNullOrEmpty(configName))
                foreach (var problem in Names.CniNetworkNameErrors(configName))
                    errors.Add(new FieldError(AnnotationPath(Annotations.CniConfigName), FieldErrorKind.Invalid, problem, ValueText.Of(configName)));
        }

        foreach (var key in Annotations.InjectKeys)
        {
            if (!annotations.TryGetValue(key, out var value)) continue;
            // The webhook mirrors the value into a label; an invalid label value would fail the request obscurely (D25).
            foreach (var problem in Names.LabelValueErrors(value ?? ""))
                errors.Add(new FieldError(AnnotationPath(key), FieldErrorKind.Invalid, "is copied into a label of the same key, so it must be a valid label value: " + problem, ValueText.Of(value ?? "")));
        }
    }

    /// <summary>
    /// The resource-inject annotations make the pod webhook add device resources and pools: RDMA needs
    /// a resource name and at least one pool; network injection needs a pool when a resource is named.
    /// </summary>
    private static void CheckInject(IReadOnlyList<string> injected, string? resourceName, string? resourceField, IpPools? pools, string blockPath, List<FieldError> errors)
    {
        if (injected.Count == 0) return;
        var hasPool = pools is not null && ((pools.Ipv4?.Count ?? 0) + (pools.Ipv6?.Count ?? 0)) > 0;
        if (injected.Contains(Annotations.RdmaResourceInject))
        {
            if (resourceField is not null && string.IsNullOrEmpty(resourceName))
                errors.Add(new FieldError(blockPath + resourceField, FieldErrorKind.Required, $"annotation {Annotations.RdmaResourceInject} needs a resource name to inject"));
            if (!hasPool)
                errors.Add(new FieldError(blockPath + ".ippools", FieldErrorKind.Required, $"annotation {Annotations.RdmaResourceInject} needs at least one IPv4 or IPv6 pool"));
        }
        if (injected.Contains(Annotations.NetworkResourceInject) && (resourceField is null || !string.IsNullOrEmpty(resourceName)) && !hasPool)
            errors.Add(new FieldError(blockPath + ".ippools", FieldErrorKind.Required, $"annotation {Annotations.NetworkResourceInject} needs at least one IPv4 or IPv6 pool"));
    }

    private static void ForbidInject(IReadOnlyList<string> injected, string cniType, List<FieldError> errors)
    {
        for (var i = 0; i < injected.Count; i++)
            errors.Add(new FieldError(AnnotationPath(injected[i]), FieldErrorKind.Forbidden, $"cniType {cniType} does not support RDMA or network resource injection"));
    }
}
