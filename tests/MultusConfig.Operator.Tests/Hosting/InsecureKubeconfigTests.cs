using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Tests.Reliability;

namespace MultusConfig.Operator.Tests.Hosting;

/// <summary>A kubeconfig that turns off the API server's certificate check is refused unless --allow-insecure-kubeconfig says so.</summary>
public sealed class InsecureKubeconfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("insecure-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteKubeconfig()
    {
        var path = Path.Combine(_dir, "kubeconfig");
        File.WriteAllText(path, """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}
            users:
            - name: u
              user: {token: abc}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            current-context: x
            """);
        return path;
    }

    [Fact]
    public void A_kubeconfig_with_insecure_skip_tls_verify_is_refused_naming_the_flag_that_allows_it()
    {
        var e = Assert.Throws<InvalidOperationException>(() => KubernetesConfig.Load(new OperatorOptions { Kubeconfig = WriteKubeconfig(), PodName = "p" }));

        Assert.Contains("insecure-skip-tls-verify", e.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-insecure-kubeconfig", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_allow_insecure_kubeconfig_the_same_kubeconfig_is_used()
    {
        var (options, errors) = OptionsParser.Parse(["--kubeconfig", WriteKubeconfig(), "--pod-namespace", "multus-config-system", "--allow-insecure-kubeconfig"], new System.Collections.Hashtable());
        Assert.Empty(errors);

        var config = KubernetesConfig.Load(options);

        Assert.True(config.InsecureSkipTlsVerify);
    }

    [Fact]
    public async Task The_operator_process_exits_with_an_error_on_an_insecure_kubeconfig()
    {
        using var process = OperatorProcess.Start(WriteKubeconfig(), "insecure", ["--leader-elect=false"]);

        var exitCode = await process.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--allow-insecure-kubeconfig", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
    }
}
