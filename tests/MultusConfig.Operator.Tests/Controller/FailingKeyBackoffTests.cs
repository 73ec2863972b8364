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
}
