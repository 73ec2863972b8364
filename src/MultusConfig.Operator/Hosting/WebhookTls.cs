using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MultusConfig.Operator.Hosting;

/// <summary>The webhook's serving certificate: registered and plugged into Kestrel in one place.</summary>
internal static class WebhookTls
{
    public static void AddServices(IServiceCollection services, OperatorOptions options)
    {
    }

    public static void UseHttps(ListenOptions listen, IServiceProvider services)
    {
        listen.UseHttps(MultusConfig.Operator.Hosting.DevelopmentCertificate.Create());
    }
}
