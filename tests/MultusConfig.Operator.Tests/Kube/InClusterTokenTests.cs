using System.Collections.Concurrent;
using System.Net;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Kube;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.Kube;

/// <summary>
/// The in-cluster service account against the double started with bearer-token authentication: the projected
/// token rotates, so the file is read again every minute and after a 401, and a request is retried once with the new token.
/// </summary>
public sealed class InClusterTokenTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("serviceaccount-").FullName;
    private readonly ConcurrentDictionary<string, UserInfo> _tokens = new(StringComparer.Ordinal) { ["token-1"] = UserInfo.Admin };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<ApiServerDouble> StartAsync() => ApiServerDouble.StartAsync(new ApiServerOptions { Tokens = _tokens, AllowAnonymous = false });

    private KubeConnection InCluster(ApiServerDouble server, TimeProvider? time = null)
    {
        File.WriteAllText(Path.Combine(_folder, "token"), "token-1");
        File.WriteAllText(Path.Combine(_folder, "ca.crt"), server.CaPem);
        File.WriteAllText(Path.Combine(_folder, "namespace"), "multus-config-system\n");
        var environment = new KubeEnvironment
        {
            ServiceAccountFolder = _folder,
            HomeFolder = _folder,
            GetVariable = name => name switch
            {
                InClusterConnection.HostVariable => "127.0.0.1",
                InClusterConnection.PortVariable => server.HttpsUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // In a pod, a KUBECONFIG left in the image must not win over the service account.
                "KUBECONFIG" => "/nowhere/kubeconfig",
                _ => null,
            },
        };
        return KubeConnectionLoader.Load(null, allowInsecure: false, "in-cluster-test", environment, time);
    }

    /// <summary>The kubelet has written a new token, and the server no longer takes the old one.</summary>
    private void Rotate(string to, bool serverKnowsIt = true)
    {
        _tokens.TryRemove("token-1", out _);
        if (serverKnowsIt) _tokens[to] = UserInfo.Admin;
        File.WriteAllText(Path.Combine(_folder, "token"), to);
    }

    private static Task<k8s.Models.V1Namespace> ReadNamespaceAsync(KubeClient client) =>
        client.GetAsync(KubeResources.Namespaces, null, "default", KubeJsonContext.Default.V1Namespace);

    private static List<int> Codes(ApiServerDouble server) => server.Requests.All.Where(r => r.Resource == "namespaces").Select(r => r.StatusCode).ToList();

    [Fact]
    public async Task The_service_account_folder_and_variables_give_the_server_CA_token_and_namespace()
    {
        await using var server = await StartAsync();
        var connection = InCluster(server);
        using var client = new KubeClient(connection);

        await ReadNamespaceAsync(client);

        Assert.Equal((new Uri($"https://127.0.0.1:{server.HttpsUrl.Port}"), "multus-config-system"), (connection.Server, connection.Namespace));
        Assert.Equal([200], Codes(server));
    }

    [Fact]
    public async Task A_rotated_token_is_read_again_after_a_401_and_the_request_retried_once_with_it()
    {
        await using var server = await StartAsync();
        using var client = new KubeClient(InCluster(server));
        await ReadNamespaceAsync(client);

        Rotate("token-2");
        await ReadNamespaceAsync(client);
        await ReadNamespaceAsync(client);

        Assert.Equal([200, 401, 200, 200], Codes(server));
    }

    [Fact]
    public async Task A_watch_is_retried_once_with_the_rotated_token_too()
    {
        await using var server = await StartAsync();
        using var client = new KubeClient(InCluster(server));
        Rotate("token-2");

        await foreach (var _ in client.WatchAsync(KubeResources.Namespaces, null, new WatchOptions { TimeoutSeconds = 1, AllowBookmarks = false, ResourceVersion = server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) }, KubeJsonContext.Default.V1Namespace))
        {
        }

        Assert.Equal([401, 200], Codes(server));
    }

    [Fact]
    public async Task A_401_for_the_re_read_token_too_surfaces_after_exactly_one_retry()
    {
        await using var server = await StartAsync();
        using var client = new KubeClient(InCluster(server));
        Rotate("token-unknown-to-the-server", serverKnowsIt: false);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => ReadNamespaceAsync(client));

        Assert.Equal((HttpStatusCode.Unauthorized, "Unauthorized"), (e.StatusCode, e.Reason));
        Assert.Equal([401, 401], Codes(server));
    }

    [Fact]
    public async Task A_401_while_the_file_still_holds_the_same_token_surfaces_without_a_retry()
    {
        await using var server = await StartAsync();
        using var client = new KubeClient(InCluster(server));
        _tokens.Clear();

        var e = await Assert.ThrowsAsync<KubeApiException>(() => ReadNamespaceAsync(client));

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal([401], Codes(server));
    }

    [Fact]
    public async Task The_token_file_is_read_again_after_a_minute_without_waiting_for_a_401()
    {
        await using var server = await StartAsync();
        var time = new ManualTimeProvider();
        using var client = new KubeClient(InCluster(server, time));
        await ReadNamespaceAsync(client);
        Rotate("token-2");

        time.Advance(TimeSpan.FromSeconds(59));
        _tokens["token-1"] = UserInfo.Admin;
        await ReadNamespaceAsync(client);
        _tokens.TryRemove("token-1", out _);
        time.Advance(TimeSpan.FromSeconds(2));
        await ReadNamespaceAsync(client);

        // Within the minute the cached token-1 is still sent (the server was told to take it again); after it, token-2, with no 401 first.
        Assert.Equal([200, 200, 200], Codes(server));
    }
}
