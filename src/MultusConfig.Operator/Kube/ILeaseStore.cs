using k8s.Models;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// The one Lease a <see cref="LeaseElector"/> contends for (its namespace and name are the store's). API errors are
/// <see cref="KubeApiException"/> (409 Conflict on a stale <c>resourceVersion</c>, 409 AlreadyExists on create,
/// 404, 403, 5xx …); network failures are <see cref="HttpRequestException"/> or <see cref="IOException"/>.
/// </summary>
public interface ILeaseStore
{
    /// <summary>The Lease as the server has it now; null when there is none (404).</summary>
    Task<V1Lease?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Creates the Lease (the store sets its name and namespace) and returns what the server stored.</summary>
    Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the Lease (PUT). The write carries <c>metadata.resourceVersion</c> of the object passed in, so it fails
    /// with 409 Conflict when anyone wrote the Lease since it was read. Returns what the server stored.
    /// </summary>
    Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken);
}
