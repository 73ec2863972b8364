using System.Text.Json.Nodes;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Kube;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.Kube;

/// <summary>The API server double with the shipped CRDs and the NAD CRD, namespace team1, and a <see cref="KubeClient"/> on it over HTTPS trusting only its CA.</summary>
internal sealed class KubeDouble : IAsyncDisposable
{
    private KubeDouble(ApiServerDouble server, KubeClient client)
    {
        Server = server;
        Client = client;
    }

    public ApiServerDouble Server { get; }

    public KubeClient Client { get; }

    public static async Task<KubeDouble> StartAsync(ApiServerOptions? options = null, Func<KubeConnection, KubeConnection>? connection = null)
    {
        var server = await ApiServerDouble.StartAsync(options);
        await server.LoadManifestsAsync(Path.Combine(OperatorFixture.RepoRoot, "deploy", "crds"), Path.Combine(OperatorFixture.RepoRoot, "tests", "fixtures", "crds", "network-attachment-definitions.k8s.cni.cncf.io.yaml"));
        await server.CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "team1" } });
        var c = ConnectionTo(server);
        return new KubeDouble(server, new KubeClient(connection is null ? c : connection(c)));
    }

    public static KubeConnection ConnectionTo(ApiServerDouble server) => new()
    {
        Server = server.HttpsUrl,
        CertificateAuthorities = [server.Certificate],
        Token = BearerToken.Fixed(ApiServerOptions.AdminToken),
        UserAgent = "kube-tests",
    };

    public KubeClient NewClient(Func<KubeConnection, KubeConnection> change) => new(change(ConnectionTo(Server)));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
