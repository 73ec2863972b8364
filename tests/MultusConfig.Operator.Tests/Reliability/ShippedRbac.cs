using MultusConfig.ApiServer;
using MultusConfig.Deploy.Tests;
using MultusConfig.Deploy.Tests.Rbac;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The RBAC of deploy/default (rendered by kubectl kustomize, matched by Deploy.Tests' RbacRules) applied to the
/// operator's requests in a scenario's log: a failover or a certificate repair must need no permission we do not ship.
/// </summary>
internal static class ShippedRbac
{
    private static readonly Lazy<List<Grant>> Grants = new(() => RbacRules.Of(Rendered.Objects("default"), "multus-config-operator", "multus-config-system"));

    /// <summary>The operator's requests (its User-Agent) that the shipped Roles do not allow, or that are not resource requests at all.</summary>
    public static List<string> Denied(IEnumerable<RequestRecord> log) =>
        log.Where(r => r.UserAgent?.StartsWith("multus-config-operator/", StringComparison.Ordinal) == true)
            .Select(r => (Request: r, Access: Access.From(r)))
            .Where(x => x.Access is null || !Grants.Value.Any(g => g.Allows(x.Access)))
            .Select(x => x.Access?.ToString() ?? $"non-resource request {x.Request}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
