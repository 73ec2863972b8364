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

    public static void AddServices(IServiceCollection services, OperatorOptions options) => services.AddWebhookCertificates(options);

    /// <summary>Asks the provider on every handshake, so a renewed certificate is served without a restart.</summary>
    public static HttpsConnectionAdapterOptions HttpsOptions(IServerCertificateProvider provider) => new()
    {
        ServerCertificateSelector = (_, _) => provider.Current,
        SslProtocols = Protocols,
    };

    public static void UseHttps(ListenOptions listen, IServiceProvider services) =>
        listen.UseHttps(HttpsOptions(services.GetRequiredService<IServerCertificateProvider>()));
}
