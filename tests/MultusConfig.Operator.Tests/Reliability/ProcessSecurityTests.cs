using System.Text.RegularExpressions;
using MultusConfig.Operator.Tests.Controller;
using Xunit.Abstractions;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The operator as the shipped Deployment runs it: a non-root user, no capabilities, no privilege escalation,
/// and a read-only root filesystem. Its only lasting write is the certificate Secret, through the API.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class ProcessSecurityTests(ITestOutputHelper output)
{
    private const int Nobody = 65534;

    /// <summary>
    /// Remounts / read-only in a private mount namespace (the host's mount is untouched), then drops to uid/gid 65534
    /// with no groups, no capabilities and no_new_privs, and execs the operator (same pid, so signals reach it).
    /// Only /proc, /sys and /dev (with /dev/shm) stay writable mounts, as in a pod.
    /// </summary>
    private static readonly string[] Confinement =
    [
        "unshare", "--mount", "--propagation", "private", "sh", "-c",
        "mount -o remount,bind,ro / && " +
        $"exec setpriv --reuid={Nobody} --regid={Nobody} --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs \"$0\" \"$@\"",
    ];

    [SkippableFact]
    public async Task As_uid_65534_on_a_read_only_root_the_operator_becomes_ready_renders_fills_its_certificate_secret_and_exits_cleanly_on_sigterm()
    {
        Skip.IfNot(Environment.UserName == "root", "needs root to create a mount namespace and switch to uid 65534");
        Skip.IfNot(File.Exists("/usr/bin/unshare") && File.Exists("/usr/bin/setpriv"), "needs unshare and setpriv (util-linux)");

        await using var f = await OperatorFixture.StartAsync();
        var dir = Directory.CreateTempSubdirectory("operator-readonly-").FullName;
        try
        {
            // The test's temp dir and the build output may be private to root: give uid 65534 its own readable copy.
            File.SetUnixFileMode(dir, ReadableDirectory);
            var app = Path.Combine(dir, "app");
            Directory.CreateDirectory(app);
            File.SetUnixFileMode(app, ReadableDirectory);
            var binary = Path.Combine(app, "multus-config-operator");
            File.Copy(OperatorProcess.Binary, binary);
            File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var kubeconfig = f.Server.WriteKubeconfig(Path.Combine(dir, "kubeconfig"));
            File.SetUnixFileMode(kubeconfig, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            // Started in the readable copy: dotnet exits with "error: <cwd>" when uid 65534 cannot enter its working
            // directory, and the test's own (inside the build output) is private when the clone is (root's home, mktemp -d).
            using var process = OperatorProcess.Start(kubeconfig, "readonly-replica", ["--leader-elect=false", "--log-format", "json"],
                wrapper: Confinement, environment: ReadOnlyEnvironment, binary: binary, workingDirectory: app);
            try
            {
                await process.WaitReadyAsync();
                var status = await File.ReadAllTextAsync($"/proc/{process.Id}/status");
                Assert.Matches($@"(?m)^Uid:\s+{Nobody}\s+{Nobody}\s+{Nobody}\s+{Nobody}$", status);
                Assert.Matches($@"(?m)^Gid:\s+{Nobody}\s+{Nobody}\s+{Nobody}\s+{Nobody}$", status);
                Assert.Matches(@"(?m)^Groups:\s*$", status);
                Assert.Matches(@"(?m)^CapEff:\s+0+$", status);
                Assert.Matches(@"(?m)^NoNewPrivs:\s+1$", status);
                Assert.Matches(@"(?m)^\S+ \S+ \S+ / / ro,", await File.ReadAllTextAsync($"/proc/{process.Id}/mountinfo"));

                await f.CreateSmcAsync("net-a", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");
                await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), _ => true, "the confined process renders the NAD", seconds: 60);
                // The shipped Secret is filled (one update); the operator never creates one.
                var secretWrites = f.Server.Requests.All.Where(r => r.Resource == "secrets" && r.Verb is "create" or "update" && LeaseTerms.PodOf(r.UserAgent) is not null).ToList();
                Assert.Equal(("update", 200), (Assert.Single(secretWrites).Verb, Assert.Single(secretWrites).StatusCode));
                Assert.Equal("readonly-replica", LeaseTerms.PodOf(secretWrites[0].UserAgent));
                Assert.NotNull(f.Server.Get("v1", "Secret", "multus-config-system", "multus-config-webhook-cert")?["data"]?["tls.crt"]);
            }
            finally
            {
                await process.SignalAsync("TERM");
                await process.WaitForExitAsync();
                output.WriteLine(process.Output);
            }
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{process.Output}");
            // Nothing failed quietly for lack of a writable file: no exception was logged.
            Assert.DoesNotMatch(ExceptionLogged(), process.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// None: on a read-only root without any writable /tmp the runtime only skips its diagnostics IPC socket
    /// (dotnet-trace/dotnet-counters cannot attach) and says nothing, so DOTNET_EnableDiagnostics=0 is not needed.
    /// HOME points nowhere, as for a container user without a home; nothing reads or writes there.
    /// </summary>
    private static readonly Dictionary<string, string> ReadOnlyEnvironment = new(StringComparer.Ordinal)
    {
        ["HOME"] = "/nonexistent",
    };

    private const UnixFileMode ReadableDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    [GeneratedRegex("Exception|Read-only file system", RegexOptions.IgnoreCase)]
    private static partial Regex ExceptionLogged();
}
