namespace MultusConfig.Cni.Tests.Lab;

/// <summary>
/// host-local IPAM keeps its reservations in files on the host (/var/lib/cni/networks/&lt;network&gt;),
/// outside any namespace. A directory that did not exist before the test is removed afterwards; one that
/// existed belongs to someone else and is left alone.
/// </summary>
public sealed class HostLocalState : IDisposable
{
    private readonly List<string> _created;

    public HostLocalState(IEnumerable<string> dirs) => _created = [.. dirs.Where(d => !Directory.Exists(d))];

    public void Dispose()
    {
        foreach (var dir in _created.Where(Directory.Exists))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
