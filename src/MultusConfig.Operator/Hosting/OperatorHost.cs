using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MultusConfig.Operator.Admission;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Controller;
using MultusConfig.Operator.Kube;
using MultusConfig.Operator.Metrics;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Builds the operator process: the controller (leader only), the admission webhooks on HTTPS (every
/// replica), /healthz and /readyz on a plain HTTP port, and /metrics on HTTPS for authorized scrapers
/// (or, with --metrics-secure=false, on the plain port).
/// </summary>
public static class OperatorHost
{
    public static WebApplication Build(OperatorOptions options, KubeClient? client = null, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PodNamespace ??= KubernetesConfig.OwnNamespace(options);
        if (string.IsNullOrEmpty(options.PodNamespace))
            throw new ConfigurationException("--pod-namespace is required outside a pod (or set POD_NAMESPACE): the operator keeps its Lease and certificate Secret in that namespace");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(OperatorHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        // ASP.NET Core writes four Information lines per request (hosting start/finish, endpoint executing/executed):
        // every admission call, kubelet probe and metrics scrape. Its warnings and errors stay; at trace, everything.
        builder.Logging.AddFilter("Microsoft.AspNetCore", options.LogLevel == LogLevel.Trace ? LogLevel.Trace : LogLevel.Warning);
        // JSON lines carry a "Timestamp" only when a format is set: RFC 3339, UTC, milliseconds, as the text lines.
        if (options.LogFormat == "json") builder.Logging.AddJsonConsole(o => { o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; });
        else builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(client ?? new KubeClient(KubernetesConfig.Load(options)));
        builder.Services.AddSingleton<Leadership>();
        builder.Services.AddSingleton<NadCache>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NadCache>());
        builder.Services.AddSingleton<INadOwnerLookup>(sp => sp.GetRequiredService<NadCache>());
        builder.Services.AddSingleton<AdoptionAuthorizer>();
        builder.Services.AddHostedService<ControllerService>();
        builder.Services.AddSingleton(new RenderNoteWarnings(options.RenderProfile));
        builder.Services.AddSingleton(new CniTypeAllowList(options.AllowedCniTypes, options.RenderProfile));
        builder.Services.AddAdmissionWebhooks();
        builder.Services.AddSingleton<MetricsAuthenticator>();
        builder.Services.AddSingleton<Listeners.Bound>();
        builder.Services.AddSingleton(sp => new IdleMemoryTrimmer(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdleMemoryTrimmer>());
        WebhookTls.AddServices(builder.Services, options);
        configure?.Invoke(builder.Services);

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var address = IPAddress.Parse(options.BindAddress);
            kestrel.Listen(address, options.HealthPort, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                Listeners.Tag(l, Listeners.Health);
            });
            kestrel.Listen(address, options.WebhookPort, l =>
            {
                Listeners.Tag(l, Listeners.Webhook);
                WebhookTls.UseHttps(l, kestrel.ApplicationServices);
            });
            if (options.MetricsSecure && OptionsParser.MetricsEndpoint(options.MetricsBindAddress, options.BindAddress) is { } metrics)
            {
                // The webhook's certificate (own CA or cert-manager's), renewed the same way.
                kestrel.Listen(metrics.Address, metrics.Port, l =>
                {
                    Listeners.Tag(l, Listeners.Metrics);
                    WebhookTls.UseHttps(l, kestrel.ApplicationServices);
                });
            }
            WebhookServerLimits.Apply(kestrel.Limits);
        });

        OperatorMetrics.Initialize(SmcController.Name, Leadership.LeaseMetricName);
        var app = builder.Build();
        // Each endpoint answers on its own listener only (see Listeners).
        var plain = app.MapGroup("").AddEndpointFilter(Listeners.Only(Listeners.Health));
        plain.MapGet("/healthz", () => Results.Text("ok"));
        plain.MapGet("/readyz", (Leadership l, IServerCertificateProvider certificate) =>
            certificate.Current is null ? Results.Text(certificate.Problem is { } problem ? "no serving certificate: " + problem : "no serving certificate yet", statusCode: 503)
            : l.IsReady ? Results.Text("ok") : Results.Text("caches not synced", statusCode: 503));
        if (options.MetricsSecure)
        {
            var authenticator = app.Services.GetRequiredService<MetricsAuthenticator>();
            app.UseWhen(c => Listeners.Of(c) == Listeners.Metrics, branch => branch.Use(authenticator.InvokeAsync).UseMetricsEndpoint("/metrics"));
        }
        else
        {
            app.UseWhen(c => Listeners.Of(c) == Listeners.Health, branch => branch.UseMetricsEndpoint("/metrics"));
        }
        app.MapGroup("").AddEndpointFilter(Listeners.Only(Listeners.Webhook)).MapAdmissionWebhooks();
        return app;
    }
}
