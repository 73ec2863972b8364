using System.Net;
using k8s.Models;

namespace MultusConfig.Operator.Kube;

/// <summary>The leader-election Lease through <see cref="KubeClient"/>; its errors already are what <see cref="ILeaseStore"/> promises.</summary>
public sealed class KubeLeaseStore(KubeClient client, string @namespace, string name) : ILeaseStore
{
    public async Task<V1Lease?> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync(KubeResources.Leases, @namespace, name, KubeJsonContext.Default.V1Lease, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lease.ApiVersion ??= "coordination.k8s.io/v1";
        lease.Kind ??= "Lease";
        lease.Metadata ??= new V1ObjectMeta();
        lease.Metadata.Name = name;
        lease.Metadata.NamespaceProperty = @namespace;
        return client.CreateAsync(KubeResources.Leases, @namespace, lease, KubeJsonContext.Default.V1Lease, ct: cancellationToken);
    }

    public Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return client.ReplaceAsync(KubeResources.Leases, @namespace, name, lease, KubeJsonContext.Default.V1Lease, ct: cancellationToken);
    }
}
