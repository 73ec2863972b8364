using System.Net;
using k8s.Models;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Certificates;

/// <summary>The certificate Secret in the operator's namespace.</summary>
public sealed class KubernetesCertificateSecretStore(KubeClient client, string @namespace, string name) : ICertificateSecretStore
{
    public string Name => $"Secret {@namespace}/{name}";

    public async Task<StoredCertificateSecret?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var secret = await client.GetAsync(KubeResources.Secrets, @namespace, name, KubeJsonContext.Default.V1Secret, cancellationToken).ConfigureAwait(false);
            return new StoredCertificateSecret(secret.Data ?? new Dictionary<string, byte[]>(), secret.Metadata?.ResourceVersion);
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
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
            secret = await client.GetAsync(KubeResources.Secrets, @namespace, name, KubeJsonContext.Default.V1Secret, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        secret.Metadata.ResourceVersion = current.ResourceVersion;
        secret.Data = data;
        try
        {
            await client.ReplaceAsync(KubeResources.Secrets, @namespace, name, secret, KubeJsonContext.Default.V1Secret, ct: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
