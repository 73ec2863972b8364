using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using MultusConfig.ApiServer;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>
/// The API server double with our shipped CRDs and the NAD CRD, and the operator running against it
/// over real HTTPS with the real KubernetesClient.
/// </summary>
internal sealed class OperatorFixture : IAsyncDisposable
{
    private readonly List<WebApplication> _operators = [];

    private OperatorFixture(ApiServerDouble server, Kubernetes client)
    {
        Server = server;
        Client = client;
    }

    public ApiServerDouble Server { get; }

    /// <summary>The test's own client (the operator has its own).</summary>
    public Kubernetes Client { get; }

    public static async Task<OperatorFixture> StartAsync(ApiServerOptions? serverOptions = null)
    {
        var server = await ApiServerDouble.StartAsync(serverOptions);
        server.LoadManifests(Path.Combine(RepoRoot, "deploy", "crds"), Path.Combine(RepoRoot, "tests", "fixtures", "crds", "network-attachment-definitions.k8s.cni.cncf.io.yaml"));
        var fixture = new OperatorFixture(server, server.CreateClient());
        await fixture.Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = "team1" } });
        await fixture.Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = "multus-config-system" } });
        // The shipped, empty certificate Secret: the operator fills it but may not create it.
        await server.LoadManifestsAsync(Path.Combine(RepoRoot, "deploy", "webhook", "certificate_secret.yaml"));
        return fixture;
    }

    public static string RepoRoot { get; } = FindRoot();

    /// <summary>
    /// Starts one operator replica; each has its own client, as separate processes would. A test may
    /// pass the client (e.g. with its own User-Agent) and add services (e.g. a logger provider).
    /// </summary>
    public async Task<WebApplication> StartOperatorAsync(Action<OperatorOptions>? configure = null, KubeClient? client = null, Action<IServiceCollection>? services = null)
    {
        var options = new OperatorOptions
        {
            BindAddress = "127.0.0.1",
            HealthPort = 0,
            WebhookPort = 0,
            MetricsBindAddress = "127.0.0.1:0",
            LeaderElect = false,
            PodNamespace = "multus-config-system",
            PodName = "operator-" + _operators.Count,
            Workers = 2,
        };
        configure?.Invoke(options);
        var app = OperatorHost.Build(options, client ?? OperatorClients.For(Server, options.PodName), services);
        await app.StartAsync();
        _operators.Add(app);
        return app;
    }

    public async Task StopOperatorAsync(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
        _operators.Remove(app);
    }

    public Task<SpiderMultusConfig> CreateSmcAsync(string name, string specJson, string? annotationsJson = null, string ns = "team1")
    {
        var smc = new SpiderMultusConfig
        {
            Metadata = new k8s.Models.V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Annotations = annotationsJson is null ? null : KubernetesJson.Deserialize<Dictionary<string, string>>(annotationsJson),
            },
            Spec = KubernetesJson.Deserialize<SpiderMultusConfigSpec>(specJson),
        };
        return Client.CustomObjects.CreateNamespacedCustomObjectAsync<SpiderMultusConfig>(smc, SpiderMultusConfig.Group, SpiderMultusConfig.Version, ns, SpiderMultusConfig.Plural);
    }

    public async Task<NetworkAttachmentDefinition?> GetNadAsync(string name, string ns = "team1")
    {
        try
        {
            return await Client.CustomObjects.GetNamespacedCustomObjectAsync<NetworkAttachmentDefinition>(
                NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, ns, NetworkAttachmentDefinition.Plural, name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The leader-election Lease, or null before anyone has taken it.</summary>
    public async Task<k8s.Models.V1Lease?> ReadLeaseAsync()
    {
        try
        {
            return await Client.CoordinationV1.ReadNamespacedLeaseAsync("multus-config-operator", "multus-config-system");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<SpiderMultusConfig?> GetSmcAsync(string name, string ns = "team1") =>
        await Client.CustomObjects.GetNamespacedCustomObjectAsync<SpiderMultusConfig>(SpiderMultusConfig.Group, SpiderMultusConfig.Version, ns, SpiderMultusConfig.Plural, name);

    /// <summary>Polls until the condition holds; fails with the description after a generous bound (no timing claim).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<T, bool> done, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T? last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (last is not null && done(last)) return last;
            await Task.Delay(25);
        }
        throw new Xunit.Sdk.XunitException($"never happened: {what}; last seen: {(last is null ? "nothing" : KubernetesJson.Serialize(last))}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _operators.ToList()) await StopOperatorAsync(app);
        Client.Dispose();
        await Server.DisposeAsync();
    }

    private static string FindRoot() => MultusConfig.Testing.RepositoryRoot.Path;
}
