using k8s;
using k8s.Models;

namespace MultusConfig.Operator.Controller.Runtime;

/// <summary>
/// What the informers do to an object before caching it, as client-go's transform functions do: drop
/// <c>managedFields</c> (often the largest part of an object on a real cluster, never read here; a
/// replace that omits it keeps the server's copy) and share the strings that repeat across thousands
/// of objects (namespace, apiVersion, kind, annotation keys, owner references) instead of holding one
/// copy per object.
/// </summary>
public static class CacheTrim
{
    public static T Apply<T>(T obj) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj.ApiVersion = Share(obj.ApiVersion);
        obj.Kind = Share(obj.Kind);
        var meta = obj.Metadata;
        if (meta is null) return obj;
        meta.ManagedFields = null;
        meta.NamespaceProperty = Share(meta.NamespaceProperty);
        if (meta.Annotations is { Count: > 0 } annotations)
            meta.Annotations = annotations.ToDictionary(kv => Share(kv.Key)!, kv => kv.Value, StringComparer.Ordinal);
        if (meta.Labels is { Count: > 0 } labels)
            meta.Labels = labels.ToDictionary(kv => Share(kv.Key)!, kv => kv.Value, StringComparer.Ordinal);
        foreach (var owner in meta.OwnerReferences ?? [])
        {
            owner.ApiVersion = Share(owner.ApiVersion);
            owner.Kind = Share(owner.Kind);
        }
        return obj;
    }

    // The runtime's intern pool: these few hundred distinct values live as long as the process anyway.
    private static string? Share(string? s) => s is null ? null : string.Intern(s);
}
