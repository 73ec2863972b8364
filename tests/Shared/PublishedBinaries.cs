using System.Diagnostics;

namespace MultusConfig.Testing;

/// <summary>
/// The native binaries exactly as they ship, published once per test run by <c>bench/publish.sh</c>. test.sh
/// publishes both before the tests and passes the folder in <c>SMC_PUBLISH_DIR</c> and <c>OPERATOR_PUBLISH_DIR</c>;
/// a plain <c>dotnet test</c> publishes what it needs into a temporary folder on first use (a NativeAOT publish
/// costs a minute or two of CPU, so it happens once per test process, not per test).
/// </summary>
internal static class PublishedBinaries
{
    private static readonly Lazy<string> LazySmc = new(() => Folder("SMC_PUBLISH_DIR", "smc", "smc"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> LazyOperator = new(() => Folder("OPERATOR_PUBLISH_DIR", "operator", "multus-config-operator"), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder holding <c>smc</c> and <c>kubectl-smc</c>.</summary>
    public static string SmcFolder => LazySmc.Value;

    /// <summary>The native operator, <c>multus-config-operator</c>.</summary>
    public static string Operator => Path.Combine(LazyOperator.Value, "multus-config-operator");

    private static string Folder(string variable, string what, string file)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given)
        {
            if (!File.Exists(Path.Combine(given, file)))
                throw new InvalidOperationException($"{variable}={given} holds no {file} (run bench/publish.sh {given} {what})");
            return given;
        }
        var folder = Path.Combine(Path.GetTempPath(), $"{what}-native-{Guid.NewGuid():N}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "bench", "publish.sh"));
        start.ArgumentList.Add(folder);
        start.ArgumentList.Add(what);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"bench/publish.sh {what} failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        return folder;
    }
}
