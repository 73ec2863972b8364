using System.Diagnostics;
using MultusConfig.Operator.Tests.Controller;
using MultusConfig.Operator.Tests.Reliability;

namespace MultusConfig.Operator.Tests.EndToEnd;

/// <summary>The real operator binary: flags, kubeconfig, readiness, work, and a clean exit on SIGTERM.</summary>
public class OperatorProcessTests
{
    [Fact]
    public async Task The_operator_binary_runs_from_a_kubeconfig_serves_readyz_without_logging_each_request_renders_and_exits_cleanly_on_sigterm()
    {
        await using var f = await OperatorFixture.StartAsync();
        var dir = Directory.CreateTempSubdirectory("operator-process-").FullName;
        try
        {
            var kubeconfig = f.Server.WriteKubeconfig(Path.Combine(dir, "kubeconfig"));
            var healthPort = OperatorProcess.FreePort();
            using var process = Start("--kubeconfig", kubeconfig, "--leader-elect=false", "--pod-namespace", "multus-config-system",
                "--bind-address", "127.0.0.1", "--health-port", healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--webhook-port", OperatorProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--metrics-bind-address", "127.0.0.1:0", "--log-format", "json",
                "--metrics-secure=false"); // /metrics in plain on the health port: the series check reads it without a token (SecureMetricsTests covers HTTPS)
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{healthPort}") };
                await OperatorFixture.EventuallyAsync(async () =>
                {
                    try { return await http.GetStringAsync("/readyz"); }
                    catch (HttpRequestException) { return null; }
                }, body => body == "ok", "the operator process becomes ready", seconds: 60);

                // Every metric the README documents has a series before its first use, so absence-based alerts work.
                var metrics = await http.GetStringAsync("/metrics");
                foreach (var name in DocumentedMetrics())
                    Assert.True(System.Text.RegularExpressions.Regex.IsMatch(metrics, $@"(?m)^{name}(\{{[^}}]*\}})? "), $"{name} has no series:\n{metrics}");

                await f.CreateSmcAsync("net-a", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");
                await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "the process renders the NAD");
            }
            finally
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill!.WaitForExitAsync();
                using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a hang guard, not a timing claim
                await process.WaitForExitAsync(guard.Token);
            }
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stderr}");
            Assert.Contains("\"Category\":", await stdout, StringComparison.Ordinal);
            // json is the shipped format: every line carries its time, RFC 3339 in UTC.
            foreach (var line in (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                Assert.Matches("^\\{\"Timestamp\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",", line);
            // Readiness was polled many times above: at the default level no request is logged (probes come every few seconds).
            Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--workers", "none", "--workers: invalid value 'none'")]
    [InlineData("--no-such-flag", "1", "unknown flag --no-such-flag")]
    public async Task Bad_flags_stop_the_binary_with_exit_code_2_and_a_message_naming_the_flag(string flag, string value, string message)
    {
        using var process = Start(flag, value);
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_kubeconfig_is_bad_configuration_exit_code_2_with_a_clear_error_not_a_stack_trace()
    {
        using var process = Start("--kubeconfig", "/nonexistent/kubeconfig", "--pod-namespace", "multus-config-system");
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("/nonexistent/kubeconfig", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_api_server_configured_is_bad_configuration_exit_code_2()
    {
        var home = Directory.CreateTempSubdirectory("operator-home-").FullName;
        try
        {
            using var process = Start(new Dictionary<string, string> { ["HOME"] = home }, "--pod-namespace", "multus-config-system");
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(2, process.ExitCode);
            Assert.Contains("error: no API server configured", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task Outside_a_pod_without_pod_namespace_the_binary_refuses_to_start_with_exit_code_2_naming_the_flag()
    {
        // A kubeconfig that works: the refusal must come before anything is written to the cluster.
        await using var f = await OperatorFixture.StartAsync();
        var dir = Directory.CreateTempSubdirectory("operator-process-").FullName;
        try
        {
            var kubeconfig = f.Server.WriteKubeconfig(Path.Combine(dir, "kubeconfig"));
            using var process = Start("--kubeconfig", kubeconfig, "--bind-address", "127.0.0.1",
                "--health-port", OperatorProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--webhook-port", OperatorProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(2, process.ExitCode);
            Assert.Contains("error: --pod-namespace is required outside a pod", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(f.Server.Requests.All, r => r.UserAgent?.StartsWith("multus-config-operator/", StringComparison.Ordinal) == true);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Help_lists_each_flag_with_its_default_and_meaning()
    {
        using var process = Start("--help");
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("  --workers (default 8)\n        reconcile workers", stdout, StringComparison.Ordinal);
        Assert.Contains("  --lease-duration (default 15s)\n", stdout, StringComparison.Ordinal);
    }

    /// <summary>The metric names in the README's Metrics table (<c>| `name{labels}`, `other` | meaning |</c>).</summary>
    private static List<string> DocumentedMetrics()
    {
        var readme = File.ReadAllText(Path.Combine(OperatorFixture.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("### Metrics", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", StringComparison.Ordinal)];
        var names = System.Text.RegularExpressions.Regex.Matches(section, @"(?m)^\| (.*?) \|").SelectMany(row =>
            System.Text.RegularExpressions.Regex.Matches(row.Groups[1].Value, @"`([a-z_]+)(\{[^}]*\})?`").Select(m => m.Groups[1].Value)).ToList();
        Assert.True(names.Count >= 15, string.Join(", ", names));
        // A histogram's series are its _bucket, _sum and _count.
        return names.Select(n => n.EndsWith("_seconds", StringComparison.Ordinal) ? n + "_count" : n).ToList();
    }

    private static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    private static Process Start(Dictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(OperatorProcess.Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // No stray cluster: the process must use exactly the kubeconfig it is given.
        psi.Environment.Remove("KUBECONFIG");
        psi.Environment.Remove("POD_NAMESPACE");
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        return Process.Start(psi)!;
    }
}
