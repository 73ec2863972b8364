using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Tests.Hosting;

/// <summary>The operator's own kubeconfig reader gives the client what the client's loader would.</summary>
public sealed class KubeconfigFileTests : IDisposable
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
        var ours = KubeconfigFile.Load(path);
        var theirs = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        Assert.Equal("https://127.0.0.1:7443/", ours.Host.TrimEnd('/') + "/");
        Assert.Equal(theirs.Host, ours.Host);
        Assert.Equal(theirs.AccessToken, ours.AccessToken);
        Assert.Equal("bob-token", ours.AccessToken);
        Assert.Equal(theirs.Namespace, ours.Namespace);
        Assert.Equal(theirs.TlsServerName, ours.TlsServerName);
        Assert.Equal(theirs.SkipTlsVerify, ours.SkipTlsVerify);
    }

    [Fact]
    public void A_relative_certificate_authority_path_is_read_from_the_kubeconfig_folder()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test-ca", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_dir, "ca.crt"), ca.ExportCertificatePem());
        var path = Write("""
            apiVersion: v1
            kind: Config
            current-context: c
            clusters: [{name: k, cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt}}]
            contexts: [{name: c, context: {cluster: k, user: u}}]
            users: [{name: u, user: {token: t}}]
            """);

        var config = KubeconfigFile.Load(path);

        var loaded = Assert.Single(config.SslCaCerts!);
        Assert.Equal(ca.Thumbprint, loaded.Thumbprint);
    }

    [Theory]
    [InlineData("clusters: [unclosed", ": line ")]
    [InlineData("", "is empty")]
    public void A_broken_kubeconfig_is_an_error_naming_the_file(string text, string detail)
    {
        var path = Write(text);
        var e = Assert.Throws<ConfigurationException>(() => KubeconfigFile.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
