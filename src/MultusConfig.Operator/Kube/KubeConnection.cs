using System.Security.Cryptography.X509Certificates;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// Where the API server is and how to talk to it: what a kubeconfig context or the in-cluster service account
/// gives (<see cref="KubeConnectionLoader"/>), plus the User-Agent and the per-request timeout.
/// </summary>
public sealed record KubeConnection
{
    /// <summary>KubernetesClient's HttpClientTimeout default, which the operator has used so far.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(100);

    /// <summary>https://host:port (a path prefix, as behind a proxy, is kept).</summary>
    public required Uri Server { get; init; }

    /// <summary>The only certificates the server's chain may end in; null: the system's trust store (kubectl does the same).</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    /// <summary>The name the server's certificate must carry when it differs from the server's host (kubeconfig <c>tls-server-name</c>).</summary>
    public string? TlsServerName { get; init; }

    /// <summary>No server certificate check at all; only ever set when the operator was told to allow it.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>A client certificate with its private key.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    public BearerToken? Token { get; init; }

    /// <summary>The context's namespace, or the service account's.</summary>
    public string? Namespace { get; init; }

    public string UserAgent { get; init; } = "multus-config-operator";

    /// <summary>How long a non-watch request may take, headers and body; watches have no limit (the caller's watchdog covers them).</summary>
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;

    /// <summary>Where this came from, for messages: "kubeconfig /path (context x)" or "in-cluster service account".</summary>
    public string Source { get; init; } = "";
}
