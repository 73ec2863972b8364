using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Controller;

/// <summary>
/// Writes core/v1 Events about an object, as kubectl describe shows them. As in client-go, recording
/// never blocks the caller: events go into a bounded buffer that one background sender drains, so a
/// reconcile costs its NAD and status writes only, and a burst of thousands of SMCs is not slowed by
/// as many Event creates. Events are best effort: when the buffer is full the event is dropped and
/// counted (<c>multus_config_events_dropped_total</c>); a failed create is logged, never fatal.
/// </summary>
public sealed partial class EventRecorder(KubeClient client, ILogger<EventRecorder> logger, TimeProvider time, string component, int capacity = 1024)
{
    private readonly Channel<Corev1Event> _pending = Channel.CreateBounded<Corev1Event>(
        new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
        _ => OperatorMetrics.EventsDropped.Inc());

    /// <summary>Queues an Event; returns at once.</summary>
    public void Record(IKubernetesObject<V1ObjectMeta> obj, string type, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var now = time.GetUtcNow().UtcDateTime;
        _pending.Writer.TryWrite(new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = obj.Metadata.Name + ".", NamespaceProperty = obj.Metadata.NamespaceProperty },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = obj.ApiVersion, Kind = obj.Kind, Name = obj.Metadata.Name, NamespaceProperty = obj.Metadata.NamespaceProperty,
                Uid = obj.Metadata.Uid, ResourceVersion = obj.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message.Length > 1024 ? message[..1021] + "..." : message,
            Source = new V1EventSource { Component = component },
            ReportingComponent = component,
            ReportingInstance = Environment.MachineName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        });
    }

    /// <summary>Sends queued Events one at a time until cancelled; what is still queued then is dropped.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (_pending.Reader.TryRead(out var ev))
                {
                    try
                    {
                        await client.CreateAsync(KubeResources.Events, ev.Metadata.NamespaceProperty ?? "default", ev, KubeJsonContext.Default.Corev1Event, ct: ct).ConfigureAwait(false);
                    }
                    // An OperationCanceledException while ct is not cancelled is the client's own timeout (the request
                    // timeout, 100 s): one lost Event like any other failure, not the end of the sender for the rest of the term.
                    catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or System.Text.Json.JsonException
                                              || (e is OperationCanceledException && !ct.IsCancellationRequested))
                    {
                        LogEventFailed(e, ev.Reason, ev.InvolvedObject.Name);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record event {Reason} for {Name}")]
    private partial void LogEventFailed(Exception e, string reason, string name);
}
