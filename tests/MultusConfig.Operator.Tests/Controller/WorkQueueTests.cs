using MultusConfig.Operator.Controller.Runtime;

namespace MultusConfig.Operator.Tests.Controller;

public class WorkQueueTests
{
    private static WorkQueue NewQueue() => new(TimeProvider.System, new RateLimiter(TimeProvider.System));

    [Fact]
    public async Task A_key_added_twice_while_waiting_is_handed_out_once()
    {
        using var q = NewQueue();
        q.Add("a");
        q.Add("a");
        q.Add("b");
        Assert.Equal(2, q.Depth);
        Assert.Equal("a", await q.GetAsync(CancellationToken.None));
        Assert.Equal("b", await q.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_key_re_added_while_processing_waits_until_done_and_is_then_handed_out_again()
    {
        using var q = NewQueue();
        q.Add("a");
        var key = await q.GetAsync(CancellationToken.None);
        q.Add("a");
        Assert.Equal(0, q.Depth);

        q.Done(key!);

        Assert.Equal(1, q.Depth);
        Assert.Equal("a", await q.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_key_delayed_many_times_waits_once_and_the_earliest_delay_wins()
    {
        var clock = new ManualTimeProvider();
        using var q = new WorkQueue(clock, new RateLimiter(clock));
        // A NAD held Terminating: every event re-checks in 2 s; ten edits must not mean ten re-checks.
        for (var i = 0; i < 10; i++) q.AddAfter("a", TimeSpan.FromSeconds(10));
        q.AddAfter("a", TimeSpan.FromSeconds(2));
        Assert.Equal(1, q.DelayedCount);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, q.Depth);
        q.Done((await q.GetAsync(CancellationToken.None))!);
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, q.Depth);
        Assert.Equal(0, q.DelayedCount);
    }

    [Fact]
    public async Task Shutdown_releases_waiting_workers()
    {
        using var q = NewQueue();
        var waiting = q.GetAsync(CancellationToken.None).AsTask();
        q.ShutDown();
        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Per_key_backoff_doubles_from_5ms_and_forget_resets_it()
    {
        var limiter = new RateLimiter(TimeProvider.System, qps: 1e9, burst: int.MaxValue);
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("k"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.When("k"));
        Assert.Equal(TimeSpan.FromMilliseconds(20), limiter.When("k"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("other"));
        limiter.Forget("k");
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("k"));
    }

    [Fact]
    public void Per_key_backoff_is_capped_at_1000_seconds()
    {
        var limiter = new RateLimiter(TimeProvider.System, qps: 1e9, burst: int.MaxValue);
        TimeSpan last = default;
        for (var i = 0; i < 100; i++) last = limiter.When("k");
        Assert.Equal(TimeSpan.FromSeconds(1000), last);
    }

    [Fact]
    public void The_overall_bucket_delays_keys_beyond_the_burst()
    {
        var limiter = new RateLimiter(TimeProvider.System, qps: 10, burst: 3);
        for (var i = 0; i < 3; i++) Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("k" + i));
        Assert.True(limiter.When("k3") > TimeSpan.FromMilliseconds(50));
    }

    private sealed class FrozenClock : TimeProvider
    {
        public override long GetTimestamp() => 1;
    }

    [Fact]
    public void Each_retry_beyond_the_burst_takes_one_token_so_the_delay_grows_by_one_tenth_of_a_second_at_10_qps()
    {
        var limiter = new RateLimiter(new FrozenClock(), qps: 10, burst: 0);
        Assert.Equal(TimeSpan.FromSeconds(0.1), limiter.When("a"));
        Assert.Equal(TimeSpan.FromSeconds(0.2), limiter.When("b"));
        Assert.Equal(TimeSpan.FromSeconds(0.3), limiter.When("c"));
    }
}
