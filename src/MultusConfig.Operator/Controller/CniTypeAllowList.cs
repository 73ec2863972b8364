using System.Text.Json;
using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;
using MultusConfig.Core.Validation;

namespace MultusConfig.Operator.Controller;

/// <summary>
/// --allowed-cni-types: the CNI plugin binaries an SMC may make the node run. Creating an SMC is as privileged as
/// creating a NAD (customCNI accepts any plugin, e.g. host-device, which moves a node's NIC into a pod), so a
/// cluster can restrict it. The rule is checked on what the NAD would carry, not on spec fields: every plugin's
/// "type" and its "ipam.type" (both are binaries the container runtime executes as root on the node) in the
/// rendered config, whether it came from the user (customCNI, chainCNIJsonData) or from us (ifacer, coordinator,
/// tuning, the spiderpool IPAM). Empty: no restriction. The webhook denies and the controller reports
/// Ready=False TypeNotAllowed with the same errors.
/// </summary>
public sealed class CniTypeAllowList(IEnumerable<string> allowed, RenderProfile profile)
{
    public static readonly CniTypeAllowList None = new([], RenderProfile.Documented);

    private readonly HashSet<string> _allowed = new(allowed, StringComparer.Ordinal);

    public bool IsEmpty => _allowed.Count == 0;

    /// <summary>Renders the SMC (the webhook's path); a config that does not render is left to the other checks.</summary>
    public List<FieldError> Check(SpiderMultusConfig smc)
    {
        ArgumentNullException.ThrowIfNull(smc);
        if (IsEmpty) return [];
        return NadRenderer.Render(smc, profile).Nad?.Spec?.Config is { } config ? Check(smc, config) : [];
    }

    /// <summary>One error per plugin type not allowed, in the order the config names them, at the field that put it there.</summary>
    public List<FieldError> Check(SpiderMultusConfig smc, string renderedConfig)
    {
        ArgumentNullException.ThrowIfNull(smc);
        var errors = new List<FieldError>();
        if (IsEmpty) return errors;
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in PluginTypes(renderedConfig))
        {
            if (_allowed.Contains(type) || !reported.Add(type)) continue;
            errors.Add(new FieldError(FieldOf(smc.Spec, type), FieldErrorKind.Forbidden,
                $"CNI plugin type \"{type}\" is not allowed by the operator's --allowed-cni-types ({string.Join(", ", _allowed.Order(StringComparer.Ordinal))})"));
        }
        return errors;
    }

    /// <summary>The field that brought the type in: a chained plugin naming it, else customCNI, the coordinator switch, or cniType.</summary>
    private static string FieldOf(SpiderMultusConfigSpec? spec, string type)
    {
        for (var i = 0; i < (spec?.ChainCniJsonData?.Count ?? 0); i++)
        {
            if (PluginTypes(spec!.ChainCniJsonData![i]).Contains(type)) return $"spec.chainCNIJsonData[{i}]";
        }
        if ((spec?.CniType ?? CniTypes.Custom) == CniTypes.Custom) return "spec.customCNI";
        return type == "coordinator" ? "spec.enableCoordinator" : "spec.cniType";
    }

    /// <summary>
    /// Every "type" and "ipam.type" of a CNI config: a conflist's plugins[], or the single plugin itself. Text
    /// that is not JSON yields nothing (validation reports it).
    /// </summary>
    internal static List<string> PluginTypes(string config)
    {
        var types = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(config);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return types;
            if (root.TryGetProperty("plugins", out var plugins) && plugins.ValueKind == JsonValueKind.Array)
            {
                foreach (var plugin in plugins.EnumerateArray()) AddTypes(plugin, types);
            }
            else
            {
                AddTypes(root, types);
            }
        }
        catch (JsonException)
        {
        }
        return types;
    }

    private static void AddTypes(JsonElement plugin, List<string> types)
    {
        if (plugin.ValueKind != JsonValueKind.Object) return;
        if (plugin.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String) types.Add(type.GetString()!);
        if (plugin.TryGetProperty("ipam", out var ipam) && ipam.ValueKind == JsonValueKind.Object
            && ipam.TryGetProperty("type", out var ipamType) && ipamType.ValueKind == JsonValueKind.String) types.Add(ipamType.GetString()!);
    }
}
