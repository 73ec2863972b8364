using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Controller.Runtime;
using MultusConfig.Operator.Tests.Admission;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>
/// The informer's back-off against the API server double, read from its own "retrying in N ms" warnings, so
/// that no test depends on how long anything took.
/// </summary>
public sealed class InformerBackoffTests
{
    private const string Watch = "watch";
    private const string Nads = "network-attachment-definitions";
    private static readonly InformerOptions Quick = new() { MinBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromSeconds(30) };

    [Fact]
    public Task A_watch_that_worked_ends_the_failure_streak_so_the_next_failure_waits_the_minimum_again() => WithSyncedInformerAsync(async (f, informer, logs) =>
    {
        // The first watch carries an event, so closing it is a clean end, not a "very short watch".
        await CreateNadAsync(f, "before-the-streak");
        await OperatorFixture.EventuallyAsync(() => Task.FromResult(informer.Get("team1/before-the-streak")), _ => true, "the first watch delivers the NAD", seconds: 30);
        // A streak of five failed watches: the waits grow 20, 40, 80, 160, 320 ms.
        f.Server.Faults.FailNext(5, 500, Watch, Nads);
        f.Server.CutWatches();
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(Delays(logs).Count), n => n == 5, "five failed watches are retried", seconds: 30);
        Assert.Equal([20, 40, 80, 160, 320], Delays(logs));

        // The sixth watch works and carries an event; then it is closed and the next watch fails once.
        await CreateNadAsync(f, "after-the-streak");
        await OperatorFixture.EventuallyAsync(() => Task.FromResult(informer.Get("team1/after-the-streak")), _ => true, "the recovered watch delivers the NAD", seconds: 30);
        f.Server.Faults.FailNext(1, 500, Watch, Nads);
        f.Server.CutWatches();
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(Delays(logs).Count), n => n == 6, "the failed watch is retried", seconds: 30);
        Assert.Equal(20, Delays(logs)[^1]);
    });

    [Fact]
    public Task Watches_the_server_closes_at_once_without_an_event_are_retried_with_a_growing_back_off_not_in_a_tight_loop() => WithSyncedInformerAsync(async (f, _, logs) =>
    {
        var watchesBefore = f.Server.Requests.Count(Watch, Nads);
        // Every stream is closed within a few milliseconds of being opened, cleanly, with no event.
        using (f.Server.CutWatchesEvery(TimeSpan.FromMilliseconds(5)))
        {
            await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(ShortWatchDelays(logs).Count), n => n >= 4, "short watches are noticed", seconds: 30);
        }
        var delays = ShortWatchDelays(logs);
        Assert.Equal([20, 40, 80, 160], delays.Take(4));
        // Without the rule every close would be followed by a new watch at once: hundreds in this time.
        Assert.True(f.Server.Requests.Count(Watch, Nads) - watchesBefore < 20, $"{f.Server.Requests.Count(Watch, Nads) - watchesBefore} watches");
    });

    /// <summary>Runs <paramref name="body"/> with a NAD informer of team1 that has synced against a fresh double, and stops it after.</summary>
    private static async Task WithSyncedInformerAsync(Func<OperatorFixture, Informer<NetworkAttachmentDefinition, NetworkAttachmentDefinitionList>, CapturingLoggerProvider, Task> body)
    {
        await using var f = await OperatorFixture.StartAsync();
        using var logs = new CapturingLoggerProvider();
        using var stop = new CancellationTokenSource();
        var informer = NadInformer(f, logs);
        var run = informer.RunAsync(stop.Token);
        try
        {
            await informer.Synced;
            await body(f, informer, logs);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    private static Informer<NetworkAttachmentDefinition, NetworkAttachmentDefinitionList> NadInformer(OperatorFixture f, CapturingLoggerProvider logs) =>
        NadInformers.Team1(f, logs, Quick);

    private static Task CreateNadAsync(OperatorFixture f, string name) => NadInformers.CreateAsync(f, name);

    /// <summary>The waits announced after failed lists and watches, in order.</summary>
    private static List<int> Delays(CapturingLoggerProvider logs) => Announced(logs, "failed; retrying in ");

    /// <summary>The waits announced after watches closed at once without an event, in order.</summary>
    private static List<int> ShortWatchDelays(CapturingLoggerProvider logs) => Announced(logs, "without an event; retrying in ");

    private static List<int> Announced(CapturingLoggerProvider logs, string marker) => logs.Entries
        .Where(e => e.Level == LogLevel.Warning && e.Message.Contains(marker, StringComparison.Ordinal))
        .Select(e => int.Parse(e.Message[(e.Message.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))
        .ToList();
}
