using Microsoft.AspNetCore.Server.Kestrel.Core;
using MultusConfig.Operator.Certificates;

namespace MultusConfig.Operator.Hosting;

/// <summary>The webhook's serving certificate: registered and plugged into Kestrel in one place.</summary>
internal static class WebhookTls
{
    public static void AddServices(IServiceCollection services, OperatorOptions options) => services.AddWebhookCertificates(options);

    /// <summary>Asks the provider on every handshake, so a renewed certificate is served without a restart.</summary>
    public static void UseHttps(ListenOptions listen, IServiceProvider services)
    {
        var provider = services.GetRequiredService<IServerCertificateProvider>();
        listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => provider.Current);
    }
}
