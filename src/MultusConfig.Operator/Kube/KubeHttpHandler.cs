using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// The one connection pool of a <see cref="KubeClient"/>: HTTP/2 when the server offers it (several connections
/// when one is full of watch streams), keep-alive pings as KubernetesClient sets them, and TLS that trusts only the
/// connection's certificate authorities.
/// </summary>
internal static class KubeHttpHandler
{
    public static SocketsHttpHandler Create(KubeConnection connection)
    {
        var handler = new SocketsHttpHandler
        {
            // client-go dials with a 30 s timeout (transport/cache.go); the request timeout covers the rest.
            ConnectTimeout = TimeSpan.FromSeconds(30),
            // KubernetesClient's values (Kubernetes.ConfigInit.cs): a dead HTTP/2 connection is noticed within minutes
            // even while only watches use it.
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            EnableMultipleHttp2Connections = true,
            AllowAutoRedirect = false,
            SslOptions = Tls(connection),
        };
        return handler;
    }

    private static SslClientAuthenticationOptions Tls(KubeConnection connection)
    {
        var options = new SslClientAuthenticationOptions();
        if (connection.ClientCertificate is { } certificate) options.ClientCertificates = [certificate];
        if (connection.InsecureSkipTlsVerify)
        {
            // Only reached with --allow-insecure-kubeconfig (KubeConnectionLoader refuses it otherwise).
#pragma warning disable CA5359 // Accepting any certificate is what insecure-skip-tls-verify asks for.
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
            return options;
        }
        if (connection.CertificateAuthorities is { Count: > 0 } authorities)
        {
            // Custom trust: the chain must end in one of these, whatever the machine's store holds; no revocation
            // lookups and no fetching of missing intermediates (no traffic to anyone but the API server).
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
            };
            policy.CustomTrustStore.AddRange(authorities);
            options.CertificateChainPolicy = policy;
        }
        if (connection.TlsServerName is { Length: > 0 } serverName)
        {
            // The handler checks the certificate against the URL's host; tls-server-name names another one.
            options.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None
                && cert is X509Certificate2 serverCertificate && serverCertificate.MatchesHostname(serverName);
        }
        return options;
    }
}
