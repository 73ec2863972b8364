using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using MultusConfig.Operator.Certificates;

namespace MultusConfig.Operator.Hosting;

/// <summary>The webhook's serving certificate and TLS policy: registered and plugged into Kestrel in one place.</summary>
internal static class WebhookTls
{
    /// <summary>
    /// TLS 1.2 and 1.3 only, stated here rather than left to the image's OpenSSL configuration, which differs
    /// between base images (some still allow 1.0/1.1); the API server itself speaks 1.2 or 1.3.
    /// </summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>
    /// HTTP/1.1 only, as kubebuilder serves webhooks since the HTTP/2 rapid-reset and stream-flood attacks
    /// (CVE-2023-44487, CVE-2023-39325): the API server sends one review per request and needs no multiplexing,
    /// and with HTTP/1.1 each request costs the client a connection, which Kestrel's connection limit bounds.
    /// </summary>
    public const HttpProtocols HttpVersions = HttpProtocols.Http1;

    /// <summary>
    /// The TLS 1.3 suites (all AEAD) and, for TLS 1.2, ECDHE with AES-GCM or ChaCha20-Poly1305 only: no CBC
    /// suite (Lucky13-style padding oracles), no static RSA key exchange (no forward secrecy). Every suite Go's
    /// crypto/tls offers by default, so the API server always finds one.
    /// </summary>
    public static readonly IReadOnlyList<TlsCipherSuite> CipherSuites =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    public static void AddServices(IServiceCollection services, OperatorOptions options) => services.AddWebhookCertificates(options);

    /// <summary>Asks the provider on every handshake, so a renewed certificate is served without a restart.</summary>
    public static HttpsConnectionAdapterOptions HttpsOptions(IServerCertificateProvider provider) => new()
    {
        ServerCertificateSelector = (_, _) => provider.Current,
        SslProtocols = Protocols,
        OnAuthenticate = (_, ssl) =>
        {
            // .NET applies a cipher suite policy through OpenSSL (Linux, the image's platform) and not on Windows.
            if (!OperatingSystem.IsWindows()) ssl.CipherSuitesPolicy = new CipherSuitesPolicy(CipherSuites);
        },
    };

    /// <summary>The webhook listener: a bounded number of connections, HTTP/1.1 over TLS with the policy above.</summary>
    public static void Configure(ListenOptions listen, IServerCertificateProvider provider)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Protocols = HttpVersions;
        WebhookConnectionLimit.Apply(listen);
        listen.UseHttps(HttpsOptions(provider));
    }

    public static void UseHttps(ListenOptions listen, IServiceProvider services) =>
        Configure(listen, services.GetRequiredService<IServerCertificateProvider>());
}
