namespace MultusConfig.Cni.Tests.Lab;

/// <summary>
/// host-local IPAM keeps its reservations in files on the host (/var/lib/cni/networks/&lt;network&gt;, or the
/// config's dataDir), outside any namespace. A directory that did not exist before the test is removed
/// afterwards (up to its highest ancestor the test created); one that existed belongs to someone else and is
/// left alone. <see cref="EnterAsync"/> also serializes the labs that share a directory (the same example runs
/// in several test classes at once), so each sees host-local hand out addresses from the start of its range.
/// </summary>
public sealed class HostLocalState : IDisposable
{
    private static readonly Dictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private readonly List<string> _created;
    private readonly List<string> _dirs;
    private readonly List<SemaphoreSlim> _held = [];

    private HostLocalState(IEnumerable<string> dirs)
    {
        _dirs = [.. dirs];
        _created = [.. _dirs.Where(d => !Directory.Exists(d)).Select(HighestAbsent).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Waits until no other lab of this process uses the directories, then takes them.</summary>
    public static async Task<HostLocalState> EnterAsync(IReadOnlyList<string> dirs)
    {
        ArgumentNullException.ThrowIfNull(dirs);
        var gates = new List<SemaphoreSlim>();
        lock (Gates)
        {
            foreach (var dir in dirs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                if (!Gates.TryGetValue(dir, out var gate))
                {
                    Gates[dir] = gate = new SemaphoreSlim(1, 1);
                }
                gates.Add(gate);
            }
        }
        foreach (var gate in gates)
        {
            await gate.WaitAsync();
        }
        var state = new HostLocalState(dirs);
        state._held.AddRange(gates);
        return state;
    }

    /// <summary>The addresses host-local holds reserved (its files named after an address).</summary>
    public IReadOnlyList<string> Reservations =>
        [.. _dirs.Where(Directory.Exists).SelectMany(Directory.EnumerateFiles).Select(Path.GetFileName).OfType<string>()
            .Where(n => System.Net.IPAddress.TryParse(n, out _))];

    public void Dispose()
    {
        foreach (var dir in _created.Where(Directory.Exists))
        {
            Directory.Delete(dir, recursive: true);
        }
        foreach (var gate in _held)
        {
            gate.Release();
        }
        _held.Clear();
    }

    /// <summary>
    /// A dataDir under the temp directory (generated configs) is removed from its highest absent ancestor down;
    /// under /var/lib/cni only the network's own directory, which no other lab shares (HostDirectories removes
    /// the empty parents when the last lab ends).
    /// </summary>
    private static string HighestAbsent(string dir)
    {
        var top = Path.GetFullPath(dir);
        var temp = Path.GetFullPath(Path.GetTempPath());
        while (top.StartsWith(temp, StringComparison.Ordinal) && Path.GetDirectoryName(top) is { } parent && parent.Length > temp.TrimEnd('/').Length && !Directory.Exists(parent))
        {
            top = parent;
        }
        return top;
    }
}
