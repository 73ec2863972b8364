using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace MultusConfig.Operator.Certificates;

/// <summary>The certificate Secret in the operator's namespace, through KubernetesClient.</summary>
public sealed class KubernetesCertificateSecretStore(IKubernetes client, string @namespace, string name) : ICertificateSecretStore
{
    public string Name => $"Secret {@namespace}/{name}";

    public async Task<StoredCertificateSecret?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new StoredCertificateSecret(secret.Data ?? new Dictionary<string, byte[]>(), secret.Metadata?.ResourceVersion);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> TryReplaceAsync(StoredCertificateSecret current, IDictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        // Re-read the object so labels, annotations and the type (immutable) that others set are kept;
        // the resourceVersion of what we judged makes the write fail if anything changed since.
        V1Secret secret;
        try
        {
            secret = await client.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        secret.Metadata.ResourceVersion = current.ResourceVersion;
        secret.Data = data;
        try
        {
            await client.CoreV1.ReplaceNamespacedSecretAsync(secret, name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
