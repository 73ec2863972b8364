using k8s;
using k8s.Models;

namespace MultusConfig.Operator.Controller.Runtime;

/// <summary>The "namespace/name" key objects are cached and queued under.</summary>
public static class ObjectKey
{
    public static string Of(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;

    public static string Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Of(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "");
    }

    public static (string? Namespace, string Name) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
