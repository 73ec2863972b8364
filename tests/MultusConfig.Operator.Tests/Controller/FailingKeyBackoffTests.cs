using Microsoft.Extensions.DependencyInjection;
using MultusConfig.Operator.Controller;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>
/// A key that fails for its own reasons waits out its own back-off, whatever the other keys do; the
/// operator's clock is a manual one, so the test moves time and nothing depends on how long anything took.
/// </summary>
public sealed class FailingKeyBackoffTests
{
    private const string Nads = "network-attachment-definitions";
    private const string Macvlan = """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""";

    [Fact]
    public async Task An_SMC_whose_NAD_create_is_refused_is_not_retried_by_the_sweep_or_by_other_keys_writes_before_its_back_off_ends()
    {
        var clock = new ManualTimeProvider();
        await using var f = await OperatorFixture.StartAsync();
        // Every NAD create is refused (as by a third-party webhook that fails); the server itself answers.
        f.Server.Faults.FailNext(100_000, 500, verb: "create", resource: Nads);
        // One worker: keys are reconciled in the order they were queued.
        await f.StartOperatorAsync(o => { o.ResyncPeriod = TimeSpan.FromHours(1); o.Workers = 1; }, services: s => s.AddSingleton<TimeProvider>(clock));
        await f.CreateSmcAsync("refused", Macvlan);
        int Creates() => f.Server.Requests.Count("create", Nads);
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(Creates()), n => n == 1, "the first create is refused");

        // Twelve more failures: its back-off doubles from 5 ms to 20 s.
        for (var n = 1; n <= 12; n++)
        {
            var step = TimeSpan.FromMilliseconds(5 << (n - 1));
            var want = n + 1;
            await OperatorFixture.EventuallyAsync(() => { clock.Advance(step); return Task.FromResult<int?>(Creates()); }, c => c >= want, $"retry {n} after {step}", seconds: 60);
        }
        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("refused"), s => s.Status?.Conditions?.Any(c => c.Reason == ReadyReasons.ApiError) == true, "refused reports the error");
        await Task.Delay(500); // lets the operator queue the last retry; the assertion below does not depend on it
        var before = Creates();

        // The sweep's period passes, and another SMC's reconcile writes its status; its NAD create is refused too.
        clock.Advance(TimeSpan.FromSeconds(5));
        await f.CreateSmcAsync("other", Macvlan);
        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("other"), s => s.Status?.Conditions?.Any(c => c.Reason == ReadyReasons.ApiError) == true, "other reports the error");

        // Only other's create: refused's next try is 20 s after its last failure, and one worker took the keys in order.
        Assert.Equal(before + 1, Creates());
    }

    [Fact]
    public async Task An_SMC_whose_NAD_create_met_an_overloaded_server_is_retried_by_the_recovery_probe_not_after_its_own_back_off()
    {
        var clock = new ManualTimeProvider();
        await using var f = await OperatorFixture.StartAsync();
        // The server is overloaded for this SMC's first 17 NAD creates (429, as its priority and fairness answers).
        // Had each been a failure of the SMC's own, the key's back-off (5 ms doubling) would add up to 655 s.
        const int overloaded = 17;
        f.Server.Faults.FailNext(overloaded, 429, verb: "create", resource: Nads, retryAfterSeconds: 0);
        await f.StartOperatorAsync(o => { o.ResyncPeriod = TimeSpan.FromHours(1); o.Workers = 1; }, services: s => s.AddSingleton<TimeProvider>(clock));
        await f.CreateSmcAsync("overloaded", Macvlan);

        // Operator time moves one second per look, at most 400 s in all.
        var advanced = TimeSpan.Zero;
        await OperatorFixture.EventuallyAsync(() =>
        {
            if (advanced < TimeSpan.FromSeconds(400)) { clock.Advance(TimeSpan.FromSeconds(1)); advanced += TimeSpan.FromSeconds(1); }
            return f.GetNadAsync("overloaded");
        }, n => true, "the NAD is created", seconds: 120);

        Assert.Equal(overloaded + 1, f.Server.Requests.Count("create", Nads));
        // A 429 says the server is overloaded, not that this SMC is wrong: the key waits for the server's
        // recovery (the probe, or a write the server accepts), at most one release a second.
        Assert.True(advanced < TimeSpan.FromSeconds(100), $"the NAD came after {advanced.TotalSeconds} s of operator time: the key waited out its own back-off");
    }
}
