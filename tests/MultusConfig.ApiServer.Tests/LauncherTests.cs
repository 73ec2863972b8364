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

    [Fact]
    public async Task Launcher_tokens_map_to_users_and_rbac_decides_what_they_may_do()
    {
        var dir = Directory.CreateTempSubdirectory("launcher-rbac-").FullName;
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "MultusConfig.ApiServer.dll"), "--kubeconfig-out", kubeconfig,
            "--token", "alice-token=alice:viewers", "--token", "ci-token=system:serviceaccount:ci:deployer", "--authorization", "rbac" })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var ready = await process.StandardOutput.ReadLineAsync(cts.Token);
            Assert.NotNull(ready);
            async Task<(int Code, string Out)> Kubectl(params string[] args)
            {
                var k = new ProcessStartInfo("/usr/bin/kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { "--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(dir, "cache") }.Concat(args))
                {
                    k.ArgumentList.Add(a);
                }
                k.Environment["HOME"] = dir;
                using var p = Process.Start(k)!;
                var output = await p.StandardOutput.ReadToEndAsync(cts.Token) + await p.StandardError.ReadToEndAsync(cts.Token);
                await p.WaitForExitAsync(cts.Token);
                return (p.ExitCode, output);
            }

            // The kubeconfig's admin (system:masters) grants the group viewers get on configmaps.
            var policy = Path.Combine(dir, "policy.yaml");
            await File.WriteAllTextAsync(policy, """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: cm-view}
                rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: cm-view}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cm-view}
                subjects:
                - {kind: Group, name: viewers, apiGroup: rbac.authorization.k8s.io}
                - {kind: ServiceAccount, name: deployer, namespace: ci}
                """, cts.Token);
            var apply = await Kubectl("apply", "-f", policy);
            Assert.True(apply.Code == 0, apply.Out);

            Assert.Equal("yes", (await Kubectl("--token", "alice-token", "auth", "can-i", "get", "configmaps")).Out.Trim());
            Assert.Equal("no", (await Kubectl("--token", "alice-token", "auth", "can-i", "delete", "configmaps")).Out.Trim());
            Assert.Equal("yes", (await Kubectl("--token", "ci-token", "auth", "can-i", "get", "configmaps", "-n", "x")).Out.Trim());
            var whoami = await Kubectl("--token", "ci-token", "get", "namespaces");
            Assert.Contains("User \"system:serviceaccount:ci:deployer\" cannot list resource \"namespaces\"", whoami.Out, StringComparison.Ordinal);
            using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c is not null });
            using var anonymous = await http.GetAsync(new Uri(ready["ready ".Length..] + "/api/v1/namespaces"), cts.Token);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
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
