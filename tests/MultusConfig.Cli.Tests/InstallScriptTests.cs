using System.Diagnostics;
using System.Text;
using MultusConfig.Testing;

namespace MultusConfig.Cli.Tests;

/// <summary>
/// hack/install-smc.sh, as the docs tell a new user to run it: it installs a working <c>smc</c> (the native
/// one bench/publish.sh builds), and <c>kubectl-smc</c> so that the real kubectl runs <c>kubectl smc</c>,
/// into the folder given.
/// </summary>
public class InstallScriptTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(15)); // a hang guard for a publish on a loaded machine, not a timing claim
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task The_install_script_refuses_a_published_folder_without_smc_naming_it()
    {
        using var folder = new TempFolder();

        var install = await RunAsync("bash", new Dictionary<string, string>(), Path.Combine(RepositoryRoot.Path, "hack", "install-smc.sh"),
            "--from", folder.Path, Path.Combine(folder.Path, "bin"));

        Assert.Equal(2, install.ExitCode);
        Assert.Contains($"{folder.Path}/smc does not exist", install.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "bin")));
    }

    [Fact]
    public async Task The_install_script_puts_a_working_smc_and_kubectl_smc_into_the_folder_given()
    {
        using var folder = new TempFolder();
        var bin = Path.Combine(folder.Path, "bin");

        // The native smc the suite publishes once (bench/publish.sh); a second NativeAOT publish would only
        // repeat what PublishedSmc already proves builds.
        var install = await RunAsync("bash", new Dictionary<string, string>(), Path.Combine(RepositoryRoot.Path, "hack", "install-smc.sh"),
            "--from", Native.PublishedSmc.Folder, bin);
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);
        Assert.Contains($"installed {bin}/smc and {bin}/kubectl-smc", install.Stdout, StringComparison.Ordinal);

        // Run from a PATH that holds the folder and the system's tools, but no dotnet: the binary is self-contained.
        var path = new Dictionary<string, string> { ["PATH"] = $"{bin}:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin", ["DOTNET_ROOT"] = "/nonexistent" };
        var example = Path.Combine(RepositoryRoot.Path, "examples", "macvlan-ens192.yaml");
        var validate = await RunAsync(Path.Combine(bin, "smc"), path, "validate", "-f", example);
        Assert.True(validate.ExitCode == 0, validate.Stdout + validate.Stderr);
        Assert.Contains("1 SpiderMultusConfig checked: 1 valid, 0 invalid (0 errors)", validate.Stdout, StringComparison.Ordinal);

        var plugin = await RunAsync("/usr/bin/kubectl", path, "smc", "render", "-f", example);
        Assert.True(plugin.ExitCode == 0, plugin.Stdout + plugin.Stderr);
        Assert.Contains("kind: NetworkAttachmentDefinition", plugin.Stdout, StringComparison.Ordinal);
        Assert.Contains("name: macvlan-ens192", plugin.Stdout, StringComparison.Ordinal);
    }
}
