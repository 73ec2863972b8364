using System.Diagnostics;
using MultusConfig.Testing;

namespace MultusConfig.Cli.Tests.Native;

/// <summary>
/// The native <c>smc</c> exactly as it ships, published once per test run by <c>bench/publish.sh</c>.
/// test.sh publishes before the tests and passes the folder in <c>SMC_PUBLISH_DIR</c>; a plain
/// <c>dotnet test</c> publishes into a temporary folder on first use (a NativeAOT publish costs a minute
/// or two of CPU, so it happens once, not per test).
/// </summary>
internal static class PublishedSmc
{
    private static readonly Lazy<string> LazyFolder = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder that holds <c>smc</c> and <c>kubectl-smc</c>.</summary>
    public static string Folder => LazyFolder.Value;

    public static string Smc => Path.Combine(Folder, "smc");

    private static string Publish()
    {
        if (Environment.GetEnvironmentVariable("SMC_PUBLISH_DIR") is { Length: > 0 } given)
        {
            Assert.True(File.Exists(Path.Combine(given, "smc")), $"SMC_PUBLISH_DIR={given} holds no smc (run bench/publish.sh {given} smc)");
            return given;
        }
        var folder = Path.Combine(Path.GetTempPath(), "smc-native-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "bench", "publish.sh"));
        start.ArgumentList.Add(folder);
        start.ArgumentList.Add("smc");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"bench/publish.sh failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return folder;
    }
}
