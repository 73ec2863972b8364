namespace MultusConfig.Cni.Tests.Lab;

/// <summary>
/// The real plugins keep state in host directories (tuning: /run/cni/tuning, host-local:
/// /var/lib/cni/networks). The labs remove their own files there; the directories themselves, when the
/// suite created them, are removed whenever no lab is running and they hold no file. The plugins create
/// them again as needed (MkdirAll), and no plugin runs while no lab exists, so this cannot race.
/// </summary>
public static class HostDirectories
{
    private static readonly string[] Watched = ["/run/cni", "/var/lib/cni"];
    private static readonly Lock Gate = new();
    private static List<string>? _absentAtStart;
    private static int _activeLabs;

    /// <summary>A lab starts; call before any plugin runs.</summary>
    public static void Enter()
    {
        lock (Gate)
        {
            _absentAtStart ??= [.. Watched.Where(d => !Directory.Exists(d))];
            _activeLabs++;
        }
    }

    /// <summary>A lab has finished; the last one out removes the empty directories the suite created.</summary>
    public static void Exit()
    {
        lock (Gate)
        {
            if (--_activeLabs > 0 || _absentAtStart is null)
            {
                return;
            }
            foreach (var dir in _absentAtStart.Where(Directory.Exists))
            {
                if (!Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Any())
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }
    }
}
