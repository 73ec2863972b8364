using MultusConfig.Operator.Admission;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>The controller's NAD cache as the webhook sees it: a fixed map of NAD → controlling SMC.</summary>
internal sealed class FakeNadOwners(bool ready = true) : INadOwnerLookup
{
    public Dictionary<(string Namespace, string Name), string> Owners { get; } = [];

    /// <summary>When set, every lookup throws it: stands in for any bug inside a handler.</summary>
    public Exception? Failure { get; set; }

    public bool IsReady => ready;

    public string? ControllingSmc(string nadNamespace, string nadName)
    {
        if (Failure is not null) throw Failure;
        return Owners.TryGetValue((nadNamespace, nadName), out var owner) ? owner : null;
    }
}
