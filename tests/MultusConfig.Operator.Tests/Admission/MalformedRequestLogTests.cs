using Microsoft.Extensions.Logging;
using MultusConfig.Operator.Admission;
using MultusConfig.Operator.Tests.Certificates;

namespace MultusConfig.Operator.Tests.Admission;

public sealed class MalformedRequestLogTests
{
    [Fact]
    public void A_flood_of_malformed_requests_logs_a_burst_per_window_then_how_many_were_left_out_and_counts_every_one()
    {
        var webhook = "/test-" + Guid.NewGuid();
        using var logs = new CapturingLoggerProvider();
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-26T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var log = new MalformedRequestLog(logs.CreateLogger("admission"), webhook, clock);

        for (var i = 0; i < 25; i++) log.Report("problem " + i);
        Assert.Equal(Enumerable.Range(0, MalformedRequestLog.Burst).Select(i => $"Malformed admission request to {webhook}: problem {i}"), Messages(logs));

        clock.Advance(MalformedRequestLog.Window);
        log.Report("after the window");
        var messages = Messages(logs);
        Assert.Equal(MalformedRequestLog.Burst + 2, messages.Count);
        Assert.StartsWith($"15 more malformed admission requests to {webhook} were not logged", messages[^2], StringComparison.Ordinal);
        Assert.Equal($"Malformed admission request to {webhook}: after the window", messages[^1]);
        Assert.All(logs.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal(26, MalformedRequestLog.Count(webhook));
    }

    [Fact]
    public void Occasional_malformed_requests_are_each_logged()
    {
        var webhook = "/test-" + Guid.NewGuid();
        using var logs = new CapturingLoggerProvider();
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var log = new MalformedRequestLog(logs.CreateLogger("admission"), webhook, clock);

        for (var i = 0; i < 3 * MalformedRequestLog.Burst; i++)
        {
            log.Report("problem " + i);
            clock.Advance(TimeSpan.FromSeconds(2));
        }
        Assert.Equal(3 * MalformedRequestLog.Burst, Messages(logs).Count);
        Assert.DoesNotContain(Messages(logs), m => m.Contains("were not logged", StringComparison.Ordinal));
    }

    private static List<string> Messages(CapturingLoggerProvider logs) => logs.Entries.Select(e => e.Message).ToList();
}
