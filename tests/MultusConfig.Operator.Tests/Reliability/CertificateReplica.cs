using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Tests.Admission;
using MultusConfig.Operator.Tests.Controller;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// One in-process operator replica built by <see cref="OperatorHost"/> exactly as the binary builds it, with its own
/// client (User-Agent naming the replica, as the binary's does) and, optionally, shortened certificate settings.
/// </summary>
internal sealed class CertificateReplica : IAsyncDisposable
{
    public const string Namespace = "multus-config-system";
    public const string SecretName = "multus-config-webhook-cert";

    /// <summary>The name the API server checks the webhook's certificate against.</summary>
    public const string ServiceHost = "multus-config-webhook.multus-config-system.svc";

    private readonly KubeClient _client;

    private CertificateReplica(WebApplication app, KubeClient client, string podName)
    {
        App = app;
        _client = client;
        PodName = podName;
    }

    public WebApplication App { get; }
    public string PodName { get; }
    public ServerCertificateProvider Provider => App.Services.GetRequiredService<ServerCertificateProvider>();

    public int WebhookPort => Listeners.Address(App.Services, Listeners.Webhook)!.Port;

    public int HealthPort => new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
        .Single(a => a.StartsWith("http://", StringComparison.Ordinal))).Port;

    /// <summary>What /readyz answers now.</summary>
    public async Task<(int Status, string Body)> ReadyzAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HealthPort}") };
        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Built, not started: callers start several at the same instant.</summary>
    public static CertificateReplica Build(ApiServerDouble server, string podName, WebhookCertificateSettings? settings = null)
    {
        var options = new OperatorOptions
        {
            BindAddress = "127.0.0.1",
            HealthPort = 0,
            WebhookPort = 0,
            MetricsBindAddress = "127.0.0.1:0",
            LeaderElect = false,
            PodNamespace = Namespace,
            PodName = podName,
            Workers = 1,
        };
        var client = OperatorClients.For(server, podName);
        var app = OperatorHost.Build(options, client, services =>
        {
            if (settings is not null) services.Replace(ServiceDescriptor.Singleton(settings));
        });
        return new CertificateReplica(app, client, podName);
    }

    /// <summary>The shipped webhook configurations (caBundle empty) and namespaces, loaded into a fresh double.</summary>
    public static async Task<OperatorFixture> StartClusterAsync()
    {
        var f = await OperatorFixture.StartAsync();
        await f.Server.LoadManifestsAsync(
            Path.Combine(OperatorFixture.RepoRoot, "deploy", "webhook", "mutating_webhook_configuration.yaml"),
            Path.Combine(OperatorFixture.RepoRoot, "deploy", "webhook", "validating_webhook_configuration.yaml"));
        return f;
    }

    /// <summary>The caBundle of every webhook of both configurations, as PEM text.</summary>
    /// <remarks>Nullable only to fit <see cref="OperatorFixture.EventuallyAsync"/>'s probe.</remarks>
    public static async Task<List<string>?> CaBundlesAsync(Kubernetes client)
    {
        var mutating = await client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync("multus-config-mutating");
        var validating = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("multus-config-validating");
        List<byte[]?> bundles = [.. mutating.Webhooks.Select(w => w.ClientConfig.CaBundle), .. validating.Webhooks.Select(w => w.ClientConfig.CaBundle)];
        return bundles.Select(b => b is null ? "" : System.Text.Encoding.UTF8.GetString(b)).ToList();
    }

    /// <summary>The stored bundle, or null when the Secret is missing or incomplete.</summary>
    public static CertificateBundle? StoredBundle(ApiServerDouble server)
    {
        var data = server.Get("v1", "Secret", Namespace, SecretName)?["data"]?.AsObject();
        return data is null ? null : CertificateBundle.FromSecretData(data.ToDictionary(kv => kv.Key, kv => Convert.FromBase64String((string)kv.Value!), StringComparer.Ordinal));
    }

    /// <summary>What a new TLS handshake for the Service name gets, checked against <paramref name="ca"/> alone.</summary>
    public async Task<X509Certificate2> ServedCertificateAsync(X509Certificate2 ca)
    {
        X509Certificate2? seen = null;
        using var client = TestCa.ClientTrusting(ca, new Uri($"https://{ServiceHost}:{WebhookPort}"), c => seen = c, new IPEndPoint(IPAddress.Loopback, WebhookPort));
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        return seen ?? throw new InvalidOperationException("no certificate was presented");
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _client.Dispose();
    }
}
