using MultusConfig.Cni.Tests.StandIns;

namespace MultusConfig.Cni.Tests.Lab;

/// <summary>
/// A private CNI_PATH for one lab: symlinks to every real plugin in /usr/lib/cni, plus a script per stand-in
/// (only for types without a real binary) that forwards the call to the lab's <see cref="StandInServer"/>. The state directory holds the stand-ins' records, pools and allocations.
/// </summary>
public sealed class CniPathDirectory : IDisposable
{
    private CniPathDirectory(string root)
    {
        Root = root;
        BinDir = Path.Combine(root, "bin");
        StateDir = Path.Combine(root, "state");
    }

    public string Root { get; }
    public string BinDir { get; }
    public string StateDir { get; }

    public static CniPathDirectory Create(string name)
    {
        var dir = new CniPathDirectory(Path.Combine(Path.GetTempPath(), name));
        Directory.CreateDirectory(dir.BinDir);
        Directory.CreateDirectory(dir.StateDir);
        foreach (var plugin in Directory.EnumerateFiles(Prerequisites.PluginDir))
        {
            File.CreateSymbolicLink(Path.Combine(dir.BinDir, Path.GetFileName(plugin)), plugin);
        }
        return dir;
    }

    /// <summary>Writes one executable script per stand-in type, each a client of <paramref name="server"/>.</summary>
    public void WriteStandIns(StandInServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        foreach (var type in StandInHost.Types)
        {
            if (File.Exists(Path.Combine(Prerequisites.PluginDir, type)))
            {
                throw new InvalidOperationException($"a real '{type}' plugin exists in {Prerequisites.PluginDir}; the stand-in must not shadow it");
            }
            var script = Path.Combine(BinDir, type);
            File.WriteAllText(script, server.Script(type));
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            }
        }
    }

    public IReadOnlyList<StandInRecord> Records => StandInRecord.ReadAll(StateDir);

    public void SetPools(PoolBook pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        pools.Save(StateDir);
    }

    /// <summary>Addresses the spiderpool stand-in currently has handed out.</summary>
    public IReadOnlyList<string> Allocations
    {
        get
        {
            var root = Path.Combine(StateDir, "alloc");
            return Directory.Exists(root) ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)] : [];
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
