using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Controller;

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
        var recorder = new EventRecorder(f.Server.CreateClient(), NullLogger<EventRecorder>.Instance, TimeProvider.System, "test", capacity: 2);
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
        var recorder = new EventRecorder(f.Server.CreateClient(), NullLogger<EventRecorder>.Instance, TimeProvider.System, "test");
        using var stop = new CancellationTokenSource();
        var sender = recorder.RunAsync(stop.Token);
        recorder.Record(Smc("lost"), "Normal", "Synced", "first");
        recorder.Record(Smc("kept"), "Normal", "Synced", "second");

        var events = await OperatorFixture.EventuallyAsync(async () => await f.Client.CoreV1.ListNamespacedEventAsync("team1"), l => l.Items.Count == 1, "the second event arrives");
        Assert.Equal("second", events.Items[0].Message);
        await stop.CancelAsync();
        await sender;
    }
}
