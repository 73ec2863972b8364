namespace MultusConfig.Cni.Tests.Netns;

/// <summary>
/// Removes namespaces (and the labs' temp directories and tuning state files) a previous, killed test run
/// left behind. Only names with our prefix whose owning process no longer exists are touched, so parallel
/// runs and other software are safe.
/// </summary>
public static class StaleNamespaceSweeper
{
    private static readonly Lazy<Task<IReadOnlyList<string>>> Once = new(SweepAsync);

    /// <summary>Sweeps once per test process; later callers get the first result.</summary>
    public static Task<IReadOnlyList<string>> SweepOnceAsync() => Once.Value;

    /// <summary>One sweep now (tests call it directly; the labs use <see cref="SweepOnceAsync"/>).</summary>
    public static async Task<IReadOnlyList<string>> SweepAsync()
    {
        var removed = new List<string>();
        foreach (var name in await NetworkNamespace.ListAsync())
        {
            if (TestNames.OwnerProcess(name) is { } pid && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                await NetworkNamespace.DeleteByNameAsync(name);
                removed.Add(name);
            }
        }
        // The tuning plugin keeps per-container state files on the host; ours carry the same prefix.
        const string tuningState = "/run/cni/tuning";
        if (Directory.Exists(tuningState))
        {
            foreach (var file in Directory.EnumerateFiles(tuningState, TestNames.Prefix + "*"))
            {
                if (TestNames.OwnerProcess(Path.GetFileName(file)) is { } pid && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
                {
                    File.Delete(file);
                    removed.Add(file);
                }
            }
        }
        // Each lab's private CNI_PATH and stand-in state lives in a temp directory named like its namespaces.
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), TestNames.Prefix + "*"))
        {
            if (TestNames.OwnerProcess(Path.GetFileName(dir)) is { } pid && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                Directory.Delete(dir, recursive: true);
                removed.Add(dir);
            }
        }
        return removed;
    }
}
