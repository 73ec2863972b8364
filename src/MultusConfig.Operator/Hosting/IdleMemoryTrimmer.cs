using MultusConfig.Operator.Controller;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Gives memory back once a burst of work is over. The .NET GC collects only when allocating, so a process that
/// goes quiet after start-up or after converging thousands of SMCs keeps the garbage and the grown heap of the burst
/// resident for as long as it stays quiet, which for an operator is most of its life. Go's runtime returns it by
/// itself (its scavenger and the forced GC every two minutes). Every <see cref="Interval"/> this looks at how much
/// the process allocated: after at least <see cref="BurstBytes"/> since the last trim, the first interval with less
/// than <see cref="QuietBytes"/> triggers one full, compacting collection in the GC's aggressive mode, which also
/// decommits the freed regions. A steady trickle (watch bookmarks, probes, scrapes) never adds up to a burst
/// quickly: an idle operator collects once after start-up, then about once every few minutes at most (a full
/// collection of a 10,000-SMC cache takes milliseconds). Measured (issue 13): the idle native operator goes from
/// 38 to 32 MiB, most of it the grown gen0 region and start-up garbage. Counted in
/// <c>multus_config_memory_trims_total</c>.
/// </summary>
public sealed class IdleMemoryTrimmer(TimeProvider time, Func<long>? allocatedBytes = null, Action? collect = null) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    /// <summary>Allocated since the last trim before another is worth it (start-up alone allocates more).</summary>
    public const long BurstBytes = 2L << 20;

    /// <summary>Allocated within one interval below which the process counts as quiet.</summary>
    public const long QuietBytes = 512L << 10;

    private readonly Func<long> _allocated = allocatedBytes ?? (() => GC.GetTotalAllocatedBytes());
    private readonly Action _collect = collect ?? (() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true));
    // Created with the service, so the first interval counts from start-up (ExecuteAsync starts on a pool thread).
    private readonly PeriodicTimer _timer = new(Interval, time);
    private long _lastTrim;
    private long _lastLook;

    /// <summary>Full collections this service has triggered.</summary>
    public int Trims { get; private set; }

    /// <summary>Looks taken so far.</summary>
    public int Looks { get; private set; }

    /// <summary>One look: called every <see cref="Interval"/>; true when it collected.</summary>
    public bool Look()
    {
        Looks++;
        var now = _allocated();
        var sinceLook = now - _lastLook;
        _lastLook = now;
        if (now - _lastTrim < BurstBytes || sinceLook >= QuietBytes) return false;
        _collect();
        _lastTrim = _allocated();
        _lastLook = _lastTrim;
        Trims++;
        OperatorMetrics.MemoryTrims.Inc();
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up itself is the first burst (host, TLS, the first lists): measured from zero, not from here.
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) Look();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }
}
