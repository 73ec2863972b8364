using System.Diagnostics;

namespace MultusConfig.ApiServer.Tests;

/// <summary>The standalone launcher a person or a script uses without writing a test.</summary>
public sealed class LauncherTests
{
    [Fact]
    public async Task Launcher_loads_crds_writes_a_kubeconfig_prints_ready_and_stops_cleanly_on_SIGTERM()
    {
        var dir = Directory.CreateTempSubdirectory("launcher-").FullName;
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "MultusConfig.ApiServer.dll"), "--crds", Path.GetDirectoryName(RepoPaths.SmcCrd)!, "--crds", RepoPaths.NadCrd, "--kubeconfig-out", kubeconfig, "--service", "kube-system/smc-webhook=127.0.0.1:9443" })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var ready = await process.StandardOutput.ReadLineAsync(cts.Token);
            Assert.NotNull(ready);
            Assert.Matches(@"^ready https://127\.0\.0\.1:\d+$", ready);

            var kubectl = new ProcessStartInfo("/usr/bin/kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(dir, "cache"), "get", "crd", "-o", "name" })
            {
                kubectl.ArgumentList.Add(a);
            }
            kubectl.Environment["HOME"] = dir;
            using var get = Process.Start(kubectl)!;
            var output = await get.StandardOutput.ReadToEndAsync(cts.Token);
            await get.WaitForExitAsync(cts.Token);
            Assert.Contains("customresourcedefinition.apiextensions.k8s.io/spidermultusconfigs.spiderpool.spidernet.io", output, StringComparison.Ordinal);
            Assert.Contains("customresourcedefinition.apiextensions.k8s.io/network-attachment-definitions.k8s.cni.cncf.io", output, StringComparison.Ordinal);

            using var term = Process.Start("/bin/kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await term.WaitForExitAsync(cts.Token);
            await process.WaitForExitAsync(cts.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            Directory.Delete(dir, recursive: true);
        }
    }
}
