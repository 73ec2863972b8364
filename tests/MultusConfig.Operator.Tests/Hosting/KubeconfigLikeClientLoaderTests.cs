using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Hosting;

/// <summary>The operator's own kubeconfig reader gives what KubernetesClient's loader gives (its other cases: Kube/KubeconfigReaderTests).</summary>
public sealed class KubeconfigLikeClientLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubeconfig-").FullName;

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "config");
        File.WriteAllText(path, text);
        return path;
    }

    private const string TwoContexts = """
        apiVersion: v1
        kind: Config
        current-context: second
        clusters:
        - name: one
          cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}
        - name: two
          cluster: {server: "https://127.0.0.1:7443", tls-server-name: api.example, insecure-skip-tls-verify: true}
        contexts:
        - name: first
          context: {cluster: one, user: alice, namespace: team1}
        - name: second
          context: {cluster: two, user: bob, namespace: team2}
        users:
        - name: alice
          user: {token: alice-token}
        - name: bob
          user: {token: bob-token}
        """;

    [Fact]
    public void The_current_context_picks_the_server_user_and_namespace_as_the_client_loader_does()
    {
        var path = Write(TwoContexts);
        var ours = KubeconfigReader.Load([path]);
        var theirs = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        Assert.Equal("https://127.0.0.1:7443/", ours.Server.ToString());
        Assert.Equal(theirs.Host.TrimEnd('/') + "/", ours.Server.ToString());
        Assert.Equal(theirs.AccessToken, ours.Token?.Current);
        Assert.Equal("bob-token", ours.Token?.Current);
        Assert.Equal(theirs.Namespace, ours.Namespace);
        Assert.Equal(theirs.TlsServerName, ours.TlsServerName);
        Assert.Equal(theirs.SkipTlsVerify, ours.InsecureSkipTlsVerify);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
