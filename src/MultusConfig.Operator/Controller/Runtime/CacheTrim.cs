using System.Collections.Concurrent;
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

    /// <summary>The most distinct strings the pool holds before it starts over.</summary>
    public const int PoolCapacity = 4096;

    // Not the runtime's intern pool, which never frees: namespace names and annotation keys come and go with
    // churn. A few hundred values repeat across thousands of objects; when the pool is full it is emptied and
    // refills with the values still in use (objects cached before keep their copies, freed with them).
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static int _pooled;

    /// <summary>Distinct strings shared now.</summary>
    public static int PoolSize => Pool.Count;

    private static string? Share(string? s)
    {
        if (s is null) return null;
        if (Pool.TryGetValue(s, out var shared)) return shared;
        if (!Pool.TryAdd(s, s)) return Pool.GetValueOrDefault(s, s);
        if (Interlocked.Increment(ref _pooled) > PoolCapacity)
        {
            Pool.Clear();
            Volatile.Write(ref _pooled, 0);
        }
        return s;
    }
}
