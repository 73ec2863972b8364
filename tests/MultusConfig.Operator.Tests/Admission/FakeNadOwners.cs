using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Admission;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>The controller's NAD cache as the webhook sees it: a fixed map of NAD → controlling SMC (or other owner).</summary>
internal sealed class FakeNadOwners(bool ready = true) : INadOwnerLookup
{
    /// <summary>NAD → name of the SMC that controls it (uid "uid-" + name).</summary>
    public Dictionary<(string Namespace, string Name), string> Owners { get; } = [];

    /// <summary>NAD → a controller of another kind.</summary>
    public Dictionary<(string Namespace, string Name), V1OwnerReference> OtherControllers { get; } = [];

    /// <summary>SMCs (namespace, name) that were deleted: their NADs still name them as controller.</summary>
    public HashSet<(string Namespace, string Name)> DeletedSmcs { get; } = [];

    /// <summary>When set, every lookup throws it: stands in for any bug inside a handler.</summary>
    public Exception? Failure { get; set; }

    public bool IsReady => ready;

    public V1ObjectMeta? NadMetadata(string nadNamespace, string nadName)
    {
        if (Failure is not null) throw Failure;
        V1OwnerReference? controller = Owners.TryGetValue((nadNamespace, nadName), out var owner)
            ? new V1OwnerReference { ApiVersion = SpiderMultusConfig.GroupVersion, Kind = SpiderMultusConfig.KindName, Name = owner, Uid = "uid-" + owner, Controller = true }
            : OtherControllers.GetValueOrDefault((nadNamespace, nadName));
        return controller is null ? null : new V1ObjectMeta { Name = nadName, NamespaceProperty = nadNamespace, OwnerReferences = [controller] };
    }

    /// <summary>SmcExistsAsync calls so far: the webhook asks only when the answer decides the claim.</summary>
    public int LivenessQuestions { get; private set; }

    public ValueTask<bool> SmcExistsAsync(string nadNamespace, V1OwnerReference owner, CancellationToken ct)
    {
        LivenessQuestions++;
        return ValueTask.FromResult(!DeletedSmcs.Contains((nadNamespace, owner.Name)));
    }
}
