using k8s;
using k8s.Models;

namespace MultusConfig.Operator.Controller.Runtime;

/// <summary>Looks keys up across the informers of several namespaces as if they were one cache.</summary>
public sealed class InformerSet<T, TList>(IReadOnlyList<Informer<T, TList>> informers) : IObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    public T? Get(string key)
    {
        foreach (var informer in informers)
        {
            if (informer.Get(key) is { } obj) return obj;
        }
        return null;
    }
}
