using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Controller.Runtime;

/// <summary>
/// What the informers do to an object before caching it, as client-go's transform functions do: drop
/// <c>managedFields</c> (often the largest part of an object on a real cluster, never read here; a
/// replace that omits it keeps the server's copy) and share the strings that repeat across thousands
/// of objects (namespace, apiVersion, kind, annotation keys, owner references) instead of holding one
/// copy per object. An owner reference naming its object's own name (a NAD and its SMC) and an SMC status naming
/// the SMC's own name hold that one string; the values that come from a handful (an SMC's cniType and master
/// interfaces, its conditions' type, status and reason) are shared too. Measured on 10,000 e01-like SMCs and their
/// NADs: 1,353 and 1,151 bytes per cached object before, see the commit message for after.
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
            owner.Name = SameAs(owner.Name, meta.Name);
        }
        TrimExcess(meta.OwnerReferences);
        if (obj is SpiderMultusConfig smc) TrimSmc(smc);
        // The largest part of a cached NAD: kept as UTF-8 (reconcile compares it without decoding).
        if (obj is NetworkAttachmentDefinition nad) nad.Spec?.CompactConfig();
        return obj;
    }

    private static void TrimSmc(SpiderMultusConfig smc)
    {
        if (smc.Spec is { } spec)
        {
            spec.CniType = Share(spec.CniType);
            ShareAll(spec.Macvlan?.Master);
            ShareAll(spec.Ipvlan?.Master);
            ShareAll(spec.Vlan?.Master);
        }
        if (smc.Status is not { } status) return;
        status.NetworkAttachmentDefinition = SameAs(status.NetworkAttachmentDefinition, smc.Metadata?.Name);
        foreach (var condition in status.Conditions ?? [])
        {
            condition.Type = Share(condition.Type);
            condition.Status = Share(condition.Status);
            condition.Reason = Share(condition.Reason);
        }
        TrimExcess(status.Conditions);
    }

    /// <summary>The decoder's lists start with room for four: a list of one keeps an array of one.</summary>
    private static void TrimExcess<TItem>(IList<TItem>? list)
    {
        if (list is List<TItem> trimmable) trimmable.TrimExcess();
    }

    private static void ShareAll(List<string>? values)
    {
        if (values is null) return;
        for (var i = 0; i < values.Count; i++) values[i] = Share(values[i])!;
        values.TrimExcess();
    }

    /// <summary><paramref name="value"/>, as the <paramref name="same"/> instance when they are equal.</summary>
    private static string? SameAs(string? value, string? same) => value is not null && value == same ? same : value;

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
