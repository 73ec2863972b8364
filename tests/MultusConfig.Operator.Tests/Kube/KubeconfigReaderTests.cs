using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Kube;

/// <summary>Kubeconfig files read by the operator's own reader, used against the double over HTTPS; every broken input named by file and key.</summary>
public sealed class KubeconfigReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kube-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Config(string server, string cluster, string user, string current = "c") => $"""
        apiVersion: v1
        kind: Config
        current-context: {current}
        clusters:
        - name: k
          cluster:
            server: "{server}"
        {cluster}
        contexts:
        - name: c
          context: {"{"}cluster: k, user: u, namespace: team1{"}"}
        users:
        - name: u
          user:
        {user}
        """;

    private static string Indent(string line) => "  " + line;

    private static async Task AssertConnectsAsync(ApiServerDouble server, KubeConnection connection)
    {
        using var client = new KubeClient(connection);
        var ns = await client.GetAsync(KubeResources.Namespaces, null, "default", KubeJsonContext.Default.V1Namespace);
        Assert.Equal("default", ns.Metadata.Name);
    }

    [Fact]
    public async Task Certificate_authority_data_and_a_token_reach_the_server_and_the_context_namespace_is_kept()
    {
        await using var server = await ApiServerDouble.StartAsync();
        var path = Write("config", Config(server.HttpsUrl.ToString(), Indent("  certificate-authority-data: " + B64(server.CaPem)), Indent("  token: " + ApiServerOptions.AdminToken)));

        var connection = KubeConnectionLoader.Load(path, allowInsecure: false, "ua/1");

        Assert.Equal("team1", connection.Namespace);
        Assert.Contains(path, connection.Source, StringComparison.Ordinal);
        await AssertConnectsAsync(server, connection);
        Assert.Equal("ua/1", server.Requests.All[^1].UserAgent);
    }

    [Fact]
    public async Task Relative_certificate_authority_and_token_file_paths_are_read_from_the_kubeconfigs_folder()
    {
        await using var server = await ApiServerDouble.StartAsync();
        Write("sub/ca.crt", server.CaPem);
        Write("sub/token", ApiServerOptions.AdminToken + "\n");
        var path = Write("sub/config", Config(server.HttpsUrl.ToString(), Indent("  certificate-authority: ca.crt"), Indent("  tokenFile: token")));

        var connection = KubeconfigReader.Load([path]);

        Assert.Equal(Path.Combine(_dir, "sub", "token"), connection.Token!.FilePath);
        await AssertConnectsAsync(server, connection);
    }

    [Fact]
    public async Task A_server_whose_certificate_is_not_signed_by_the_given_authority_is_refused()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var other = SelfSigned("CN=someone-else");
        var path = Write("config", Config(server.HttpsUrl.ToString(), Indent("  certificate-authority-data: " + B64(other.ExportCertificatePem())), Indent("  token: t")));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => AssertConnectsAsync(server, KubeconfigReader.Load([path])));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(e.InnerException);
        Assert.Empty(server.Requests.All);
    }

    [Theory]
    [InlineData("kubernetes.default.svc", true)]
    [InlineData("not-the-server.example", false)]
    public async Task Tls_server_name_is_the_name_the_servers_certificate_must_carry(string serverName, bool connects)
    {
        await using var server = await ApiServerDouble.StartAsync();
        var path = Write("config", Config(server.HttpsUrl.ToString(), Indent("  certificate-authority-data: " + B64(server.CaPem)) + "\n" + Indent("  tls-server-name: " + serverName), Indent("  token: " + ApiServerOptions.AdminToken)));

        var e = await Record.ExceptionAsync(() => AssertConnectsAsync(server, KubeconfigReader.Load([path])));

        Assert.Equal(connects, e is null);
        if (!connects) Assert.IsType<System.Security.Authentication.AuthenticationException>(e!.InnerException);
    }

    [Fact]
    public void A_client_certificate_and_key_are_loaded_from_data_or_from_relative_files()
    {
        using var cert = SelfSigned("CN=operator", out var keyPem);
        Write("pki/client.crt", cert.ExportCertificatePem());
        Write("pki/client.key", keyPem);
        var fromData = Write("a", Config("https://127.0.0.1:6443", "", Indent("  client-certificate-data: " + B64(cert.ExportCertificatePem())) + "\n" + Indent("  client-key-data: " + B64(keyPem))));
        var fromFiles = Write("b", Config("https://127.0.0.1:6443", "", Indent("  client-certificate: pki/client.crt") + "\n" + Indent("  client-key: pki/client.key")));

        foreach (var path in new[] { fromData, fromFiles })
        {
            var loaded = KubeconfigReader.Load([path]).ClientCertificate!;
            Assert.Equal(cert.Thumbprint, loaded.Thumbprint);
            Assert.True(loaded.HasPrivateKey);
        }
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_is_refused_naming_the_flag_and_with_the_flag_connects_without_a_CA()
    {
        await using var server = await ApiServerDouble.StartAsync();
        var path = Write("config", Config(server.HttpsUrl.ToString(), Indent("  insecure-skip-tls-verify: true"), Indent("  token: " + ApiServerOptions.AdminToken)));

        var refused = Assert.Throws<InvalidOperationException>(() => KubeConnectionLoader.Load(path, allowInsecure: false, "ua"));
        var allowed = KubeConnectionLoader.Load(path, allowInsecure: true, "ua");

        Assert.Contains("--allow-insecure-kubeconfig", refused.Message, StringComparison.Ordinal);
        await AssertConnectsAsync(server, allowed);
    }

    [Theory]
    [InlineData("clusters: [unclosed", ": line ")]
    [InlineData("", "is empty")]
    [InlineData("- a\n- b", "not a mapping")]
    public void Broken_YAML_is_an_error_naming_the_file(string text, string detail)
    {
        var path = Write("config", text);
        var e = Assert.Throws<ConfigurationException>(() => KubeconfigReader.Load([path]));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server", "cluster \"k\": server: is missing")]
    [InlineData("current-context", "current-context is not set")]
    [InlineData("context", "context \"c\" is not defined")]
    [InlineData("ca-file", "cluster \"k\": certificate-authority: ")]
    [InlineData("ca-data", "cluster \"k\": certificate-authority-data: not base64")]
    [InlineData("ca-garbage", "cluster \"k\": certificate-authority")]
    [InlineData("key", "user \"u\": client-key: is missing")]
    [InlineData("token-file", "user \"u\": tokenFile: ")]
    [InlineData("exec", "user \"u\": exec: not supported")]
    public void A_missing_or_broken_key_is_an_error_naming_the_file_and_the_key(string broken, string detail)
    {
        var text = broken switch
        {
            "server" => Config("x", "", Indent("  token: t")).Replace("    server: \"x\"\n", "    insecure-skip-tls-verify: false\n", StringComparison.Ordinal),
            "current-context" => Config("https://h", "", Indent("  token: t"), current: ""),
            "context" => Config("https://h", "", Indent("  token: t"), current: "nowhere").Replace("- name: c\n", "- name: d\n", StringComparison.Ordinal),
            "ca-file" => Config("https://h", Indent("  certificate-authority: missing/ca.crt"), Indent("  token: t")),
            "ca-data" => Config("https://h", Indent("  certificate-authority-data: '%%%'"), Indent("  token: t")),
            "ca-garbage" => Config("https://h", Indent("  certificate-authority-data: " + B64("not a certificate")), Indent("  token: t")),
            "key" => Config("https://h", "", Indent("  client-certificate-data: " + B64("x"))),
            "token-file" => Config("https://h", "", Indent("  tokenFile: no-such-token")),
            _ => Config("https://h", "", Indent("  exec: {command: aws}")),
        };
        if (broken == "context") text = text.Replace("current-context: nowhere", "current-context: c", StringComparison.Ordinal);
        var path = Write("config", text);

        var e = Assert.Throws<ConfigurationException>(() => KubeconfigReader.Load([path]));

        Assert.Contains("kubeconfig " + path, e.Message, StringComparison.Ordinal);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_kubeconfig_flag_file_is_named_as_today()
    {
        var missing = Path.Combine(_dir, "nope");
        var e = Assert.Throws<ConfigurationException>(() => KubeConnectionLoader.Load(missing, false, "ua"));
        Assert.Equal($"--kubeconfig: file {missing} does not exist", e.Message);
    }

    [Fact]
    public void Several_KUBECONFIG_files_merge_first_wins_and_missing_ones_are_skipped()
    {
        var first = Write("first", """
            current-context: mine
            contexts: [{name: mine, context: {cluster: shared, user: me, namespace: first-ns}}]
            clusters: [{name: shared, cluster: {server: "https://first:6443"}}]
            """);
        var second = Write("second", """
            current-context: theirs
            contexts: [{name: mine, context: {cluster: other, user: other}}]
            clusters: [{name: shared, cluster: {server: "https://second:6443"}}]
            users: [{name: me, user: {token: from-second}}]
            """);
        var environment = Environment(("KUBECONFIG", string.Join(Path.PathSeparator, first, Path.Combine(_dir, "missing"), second)));

        var connection = KubeConnectionLoader.Load(null, false, "ua", environment);

        Assert.Equal(new Uri("https://first:6443"), connection.Server);
        Assert.Equal("first-ns", connection.Namespace);
        Assert.Equal("from-second", connection.Token!.Current);
    }

    [Fact]
    public void Without_flag_service_account_or_KUBECONFIG_the_home_kube_config_is_read_and_without_it_the_error_is_as_today()
    {
        var home = Path.Combine(_dir, "home");
        var environment = Environment() with { HomeFolder = home };
        var none = Assert.Throws<ConfigurationException>(() => KubeConnectionLoader.Load(null, false, "ua", environment));
        Write("home/.kube/config", Config("https://home:6443", "", Indent("  token: t")));

        var connection = KubeConnectionLoader.Load(null, false, "ua", environment);

        Assert.Equal("no API server configured: pass --kubeconfig, set KUBECONFIG, or run in a pod with a service account", none.Message);
        Assert.Equal(new Uri("https://home:6443"), connection.Server);
    }

    private KubeEnvironment Environment(params (string Name, string Value)[] variables) => new()
    {
        ServiceAccountFolder = Path.Combine(_dir, "no-service-account"),
        HomeFolder = Path.Combine(_dir, "no-home"),
        GetVariable = name => variables.FirstOrDefault(v => v.Name == name).Value,
    };

    private static X509Certificate2 SelfSigned(string subject) => SelfSigned(subject, out _);

    private static X509Certificate2 SelfSigned(string subject, out string keyPem)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        keyPem = key.ExportPkcs8PrivateKeyPem();
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
