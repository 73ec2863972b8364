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
                "--webhook-port", OperatorProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--metrics-bind-address", "127.0.0.1:0", "--log-format", "json");
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
    public async Task A_missing_kubeconfig_is_a_clear_error_not_a_stack_trace()
    {
        using var process = Start("--kubeconfig", "/nonexistent/kubeconfig");
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("/nonexistent/kubeconfig", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(OperatorProcess.OperatorDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // No stray cluster: the process must use exactly the kubeconfig it is given.
        psi.Environment.Remove("KUBECONFIG");
        return Process.Start(psi)!;
    }
}
