using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Controller;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>Events are sent off the reconcile path, from a bounded buffer, as client-go's recorder does.</summary>
public class EventRecorderTests
{
    private static SpiderMultusConfig Smc(string name) => new()
    {
        ApiVersion = SpiderMultusConfig.Group + "/" + SpiderMultusConfig.Version,
        Kind = SpiderMultusConfig.KindName,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team1", Uid = "uid-" + name },
    };

    [Fact]
    public async Task Recording_returns_before_sending_and_a_full_buffer_drops_and_counts_the_excess()
    {
        await using var f = await OperatorFixture.StartAsync();
        var recorder = new EventRecorder(OperatorClients.For(f.Server), NullLogger<EventRecorder>.Instance, TimeProvider.System, "test", capacity: 2);
        var droppedBefore = OperatorMetrics.EventsDropped.Value;

        // Nothing sends yet: the first two wait in the buffer, the other three find it full.
        for (var i = 0; i < 5; i++) recorder.Record(Smc($"net-{i}"), "Normal", "Synced", $"event {i}");
        Assert.Equal(3, OperatorMetrics.EventsDropped.Value - droppedBefore);
        Assert.Empty((await f.Client.CoreV1.ListNamespacedEventAsync("team1")).Items);

        using var stop = new CancellationTokenSource();
        var sender = recorder.RunAsync(stop.Token);
        var events = await OperatorFixture.EventuallyAsync(async () => await f.Client.CoreV1.ListNamespacedEventAsync("team1"), l => l.Items.Count == 2, "the two buffered events are sent");
        Assert.Equal(["event 0", "event 1"], events.Items.Select(e => e.Message).Order(StringComparer.Ordinal));
        Assert.All(events.Items, e => Assert.Equal("SpiderMultusConfig", e.InvolvedObject.Kind));

        await stop.CancelAsync();
        await sender; // ends quietly on cancellation
    }

    [Fact]
    public async Task A_failed_event_create_is_logged_and_the_sender_goes_on_with_the_next()
    {
        await using var f = await OperatorFixture.StartAsync();
        f.Server.Faults.FailNext(1, 500, verb: "create", resource: "events");
        var recorder = new EventRecorder(OperatorClients.For(f.Server), NullLogger<EventRecorder>.Instance, TimeProvider.System, "test");
        using var stop = new CancellationTokenSource();
        var sender = recorder.RunAsync(stop.Token);
        recorder.Record(Smc("lost"), "Normal", "Synced", "first");
        recorder.Record(Smc("kept"), "Normal", "Synced", "second");

        var events = await OperatorFixture.EventuallyAsync(async () => await f.Client.CoreV1.ListNamespacedEventAsync("team1"), l => l.Items.Count == 1, "the second event arrives");
        Assert.Equal("second", events.Items[0].Message);
        await stop.CancelAsync();
        await sender;
    }
    [Fact]
    public async Task A_send_that_times_out_in_the_client_is_logged_and_later_events_are_still_delivered()
    {
        await using var f = await OperatorFixture.StartAsync();
        // The client's own request timeout (100 s by default) ends a hung send with an OperationCanceledException that is not ours.
        using var client = new KubeClient(Kube.KubeDouble.ConnectionTo(f.Server) with { RequestTimeout = TimeSpan.FromMilliseconds(500) });
        var logs = new Admission.CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var recorder = new EventRecorder(client, loggers.CreateLogger<EventRecorder>(), TimeProvider.System, "test");
        f.Server.Faults.Delay(TimeSpan.FromMinutes(5), verb: "create", resource: "events");
        using var stop = new CancellationTokenSource();
        var sender = recorder.RunAsync(stop.Token);
        recorder.Record(Smc("hung"), "Normal", "Synced", "first");

        await OperatorFixture.EventuallyAsync(() => Task.FromResult<object?>(logs.Entries.FirstOrDefault(e => e.Message.Contains("could not record event Synced for hung", StringComparison.Ordinal)).Message),
            _ => true, "the timed-out send is logged");
        f.Server.Faults.Clear();
        recorder.Record(Smc("later"), "Normal", "Synced", "second");

        var events = await OperatorFixture.EventuallyAsync(async () => await f.Client.CoreV1.ListNamespacedEventAsync("team1"), l => l.Items.Any(e => e.Message == "second"), "the later event arrives");
        Assert.Contains(events.Items, e => e.InvolvedObject.Name == "later");
        Assert.False(sender.IsCompleted);
        await stop.CancelAsync();
        await sender;
    }
}
