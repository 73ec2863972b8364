using System.Net;
using k8s;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MultusConfig.Operator.Admission;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Controller;
using Prometheus;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Builds the operator process: the controller (leader only), the admission webhooks on HTTPS (every
/// replica), and /healthz, /readyz and /metrics on a plain HTTP port.
/// </summary>
public static class OperatorHost
{
    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> OnlyOver(bool https) =>
        (context, next) => context.HttpContext.Request.IsHttps == https ? next(context) : ValueTask.FromResult<object?>(Results.NotFound());

    public static WebApplication Build(OperatorOptions options, IKubernetes? client = null, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PodNamespace ??= KubernetesConfig.OwnNamespace(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(OperatorHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        // ASP.NET Core writes four Information lines per request (hosting start/finish, endpoint executing/executed):
        // every admission call, kubelet probe and metrics scrape. Its warnings and errors stay; at trace, everything.
        builder.Logging.AddFilter("Microsoft.AspNetCore", options.LogLevel == LogLevel.Trace ? LogLevel.Trace : LogLevel.Warning);
        if (options.LogFormat == "json") builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        else builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(client ?? new Kubernetes(KubernetesConfig.Load(options)));
        builder.Services.AddSingleton<Leadership>();
        builder.Services.AddSingleton<NadCache>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NadCache>());
        builder.Services.AddSingleton<INadOwnerLookup>(sp => sp.GetRequiredService<NadCache>());
        builder.Services.AddHostedService<ControllerService>();
        builder.Services.AddAdmissionWebhooks();
        WebhookTls.AddServices(builder.Services, options);
        configure?.Invoke(builder.Services);

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var address = IPAddress.Parse(options.BindAddress);
            kestrel.Listen(address, options.HealthPort, l => l.Protocols = HttpProtocols.Http1);
            kestrel.Listen(address, options.WebhookPort, l => WebhookTls.UseHttps(l, kestrel.ApplicationServices));
            WebhookServerLimits.Apply(kestrel.Limits);
        });

        var app = builder.Build();
        // Health and metrics answer only on the plain port, the webhooks only on TLS: ports may be 0 (chosen
        // by the OS) in tests, so the scheme, not the port number, tells the two listeners apart.
        var plain = app.MapGroup("").AddEndpointFilter(OnlyOver(https: false));
        plain.MapGet("/healthz", () => Results.Text("ok"));
        plain.MapGet("/readyz", (Leadership l, IServerCertificateProvider certificate) =>
            certificate.Current is null ? Results.Text("no serving certificate yet", statusCode: 503)
            : l.IsReady ? Results.Text("ok") : Results.Text("caches not synced", statusCode: 503));
        app.UseWhen(c => !c.Request.IsHttps, branch => branch.UseMetricServer("/metrics"));
        app.MapGroup("").AddEndpointFilter(OnlyOver(https: true)).MapAdmissionWebhooks();
        return app;
    }
}
