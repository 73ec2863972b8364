using System.Globalization;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// The leader-election Lease through KubernetesClient's <c>CoordinationV1</c>, until our own transport replaces it:
/// <see cref="HttpOperationException"/> becomes <see cref="KubeApiException"/> (status, the Status body's reason and
/// message, Retry-After) as the <see cref="ILeaseStore"/> contract says; network failures pass through.
/// </summary>
public sealed class KubernetesClientLeaseStore(IKubernetes client, string @namespace, string name) : ILeaseStore
{
    public async Task<V1Lease?> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (HttpOperationException e)
        {
            throw ToKubeApiException(e);
        }
    }

    public async Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lease.ApiVersion ??= "coordination.k8s.io/v1";
        lease.Kind ??= "Lease";
        lease.Metadata ??= new V1ObjectMeta();
        lease.Metadata.Name = name;
        lease.Metadata.NamespaceProperty = @namespace;
        try
        {
            return await client.CoordinationV1.CreateNamespacedLeaseAsync(lease, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw ToKubeApiException(e);
        }
    }

    public async Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            return await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw ToKubeApiException(e);
        }
    }

    /// <summary>The API answer as our client layer reports it; reason and message only from a Status body.</summary>
    internal static KubeApiException ToKubeApiException(HttpOperationException e)
    {
        var body = e.Response?.Content;
        string? reason = null, message = null;
        try
        {
            using var status = JsonDocument.Parse(string.IsNullOrEmpty(body) ? "null" : body);
            var root = status.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "Status")
            {
                if (root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String) reason = r.GetString();
                if (root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) message = m.GetString();
            }
        }
        catch (JsonException)
        {
            // Not a Status (a proxy's page, an empty body): the status code alone says what happened.
        }
        var code = e.Response?.StatusCode ?? HttpStatusCode.InternalServerError;
        return new KubeApiException(code, reason, message, RetryAfter(e.Response), body is { Length: > 4096 } ? body[..4096] : body);
    }

    /// <summary>Retry-After in seconds, the form the API server sends (its APF and storage-unready 429s and 5xx).</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessageWrapper? response)
    {
        if (response?.Headers is null) return null;
        var value = response.Headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(value)) return null;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
    }
}
