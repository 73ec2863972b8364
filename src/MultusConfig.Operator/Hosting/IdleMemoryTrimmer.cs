namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Gives memory back once a burst of work is over. The .NET GC collects only when allocating, so a process that
/// goes quiet after start-up or after converging thousands of SMCs keeps the garbage and the grown heap of the burst
/// resident for as long as it stays quiet, which for an operator is most of its life. Go's runtime returns it by
/// itself (its scavenger and the forced GC every two minutes). Every <see cref="Interval"/> this looks at how much
/// the process allocated: after at least <see cref="BurstBytes"/> since the last trim, the first interval with less
/// than <see cref="QuietBytes"/> triggers one full, compacting collection in the GC's aggressive mode, which also
/// decommits the freed regions. A steady trickle (watch bookmarks, probes, scrapes) never adds up to a burst
/// between two quiet intervals without a trim in between, so an idle operator collects once and then not again.
/// </summary>
public sealed class IdleMemoryTrimmer(TimeProvider time, Func<long>? allocatedBytes = null, Action? collect = null) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public const long BurstBytes = 2L << 20;
    public const long QuietBytes = 512L << 10;

    private readonly Func<long> _allocated = allocatedBytes ?? (() => GC.GetTotalAllocatedBytes());
    private readonly Action _collect = collect ?? (() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true));
    private long _lastTrim;
    private long _lastLook;

    /// <summary>Full collections this service has triggered.</summary>
    public int Trims { get; private set; }

    /// <summary>One look: called every <see cref="Interval"/>; true when it collected.</summary>
    public bool Look()
    {
        var now = _allocated();
        var sinceLook = now - _lastLook;
        _lastLook = now;
        if (now - _lastTrim < BurstBytes || sinceLook >= QuietBytes) return false;
        _collect();
        _lastTrim = _allocated();
        _lastLook = _lastTrim;
        Trims++;
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up itself is the first burst (host, TLS, the first lists): measured from zero, not from here.
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) Look();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }
}
