using Microsoft.Extensions.Time.Testing;
using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Tests.Hosting;

/// <summary>
/// The trimmer's rule, driven by a fake allocation counter: one full collection once the process goes quiet after a
/// burst, none while work goes on, none again while it stays quiet.
/// </summary>
public class IdleMemoryTrimmerTests
{
    private long _allocated;
    private int _collections;

    private IdleMemoryTrimmer Trimmer() => new(TimeProvider.System, () => _allocated, () => _collections++);

    [Fact]
    public void A_burst_followed_by_a_quiet_interval_collects_once_and_a_quiet_process_is_not_collected_again()
    {
        var trimmer = Trimmer();
        _allocated += 20L << 20; // start-up
        Assert.False(trimmer.Look()); // still busy in this interval
        Assert.True(trimmer.Look()); // quiet: the burst is given back
        Assert.Equal(1, _collections);
        for (var i = 0; i < 50; i++)
        {
            _allocated += 1024; // probes and bookmarks
            Assert.False(trimmer.Look());
        }
        Assert.Equal(1, _collections);
        Assert.Equal(1, trimmer.Trims);
    }

    [Fact]
    public void No_collection_while_the_process_keeps_allocating()
    {
        var trimmer = Trimmer();
        for (var i = 0; i < 20; i++)
        {
            _allocated += 8L << 20; // a convergence wave, interval after interval
            Assert.False(trimmer.Look());
        }
        Assert.Equal(0, _collections);
        trimmer.Look(); // the wave is over
        Assert.Equal(1, _collections);
    }

    [Fact]
    public void A_trickle_that_never_adds_up_to_a_burst_is_never_collected()
    {
        var trimmer = Trimmer();
        for (var i = 0; i < 100; i++)
        {
            _allocated += 16 * 1024;
            trimmer.Look();
        }
        Assert.Equal(0, _collections);
    }

    [Fact]
    public void A_second_burst_after_a_trim_is_trimmed_again()
    {
        var trimmer = Trimmer();
        _allocated += 20L << 20;
        trimmer.Look();
        trimmer.Look();
        _allocated += 10L << 20;
        trimmer.Look();
        trimmer.Look();
        Assert.Equal(2, _collections);
    }

    [Fact]
    public async Task The_service_looks_every_interval_on_its_time_provider()
    {
        var time = new FakeTimeProvider();
        using var trimmer = new IdleMemoryTrimmer(time, () => _allocated, () => _collections++);
        _allocated += 20L << 20;
        await trimmer.StartAsync(CancellationToken.None);
        time.Advance(IdleMemoryTrimmer.Interval); // the look that sees the burst
        await WaitUntil(() => trimmer.Looks == 1);
        Assert.Equal(0, _collections);
        time.Advance(IdleMemoryTrimmer.Interval); // the quiet one
        await WaitUntil(() => _collections == 1);
        await trimmer.StopAsync(CancellationToken.None);
        Assert.Equal(1, trimmer.Trims);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
