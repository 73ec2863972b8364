using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer.Admission;

/// <summary>
/// Calls admission webhooks the way the real server does: HTTPS trusting only the configuration's
/// caBundle, the host name checked against the certificate (for a Service: name.namespace.svc),
/// <c>?timeout=Ns</c> on the URL. Services resolve through the test's mapping; nothing but
/// loopback is ever dialled.
/// </summary>
internal sealed class WebhookClient : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DnsEndPoint> _services = new(StringComparer.Ordinal);

    /// <summary>Maps a Service (and port) to a local address, as cluster DNS plus kube-proxy would.</summary>
    public void MapService(string ns, string name, int port, string host, int localPort) =>
        _services[$"{name}.{ns}.svc:{port}"] = new DnsEndPoint(host, localPort);

    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string url, JsonObject clientConfig, string json, TimeSpan timeout)
    {
        var caBundle = ObjectMeta.Str(clientConfig["caBundle"]) ?? "";
        var client = _clients.GetOrAdd(caBundle, CreateClient);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var cts = new CancellationTokenSource(timeout);
        using var response = await client.SendAsync(request, cts.Token).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false);
        return (response.StatusCode, body);
    }

    public static string BuildUrl(JsonObject clientConfig, TimeSpan timeout)
    {
        string url;
        if (ObjectMeta.Str(clientConfig["url"]) is { Length: > 0 } u)
        {
            url = u;
        }
        else if (clientConfig["service"] is JsonObject svc)
        {
            var port = ObjectMeta.Int(svc["port"]) ?? 443;
            url = $"https://{ObjectMeta.Str(svc["name"])}.{ObjectMeta.Str(svc["namespace"])}.svc:{port}{ObjectMeta.Str(svc["path"]) ?? "/"}";
        }
        else
        {
            throw new InvalidOperationException("webhook clientConfig has neither url nor service");
        }
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{url}{separator}timeout={(int)timeout.TotalSeconds}s";
    }

    private HttpClient CreateClient(string caBundle)
    {
        var roots = new X509Certificate2Collection();
        if (caBundle.Length > 0)
        {
            roots.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(caBundle)));
        }
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = ConnectAsync,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, errors) => Trusted(cert, errors, roots),
            },
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static bool Trusted(X509Certificate? cert, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (cert is null || roots.Count == 0 || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(cert);
        return chain.Build(leaf);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var target = context.DnsEndPoint;
        if (_services.TryGetValue($"{target.Host}:{target.Port}", out var mapped))
        {
            target = mapped;
        }
        else if (target.Host.EndsWith(".svc", StringComparison.Ordinal))
        {
            throw new HttpRequestException($"dial tcp: lookup {target.Host}: no such host (no service mapping was given to the API server double)");
        }
        if (!IsLoopback(target.Host))
        {
            throw new HttpRequestException($"the API server double only dials loopback addresses, not {target.Host}");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target.Host == "localhost" ? IPAddress.Loopback.ToString() : target.Host, target.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsLoopback(string host) => host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    public void Dispose()
    {
        foreach (var c in _clients.Values)
        {
            c.Dispose();
        }
    }
}
