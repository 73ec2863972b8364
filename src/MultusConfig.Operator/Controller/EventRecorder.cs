using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace MultusConfig.Operator.Controller;

/// <summary>Writes core/v1 Events about an object, as kubectl describe shows them. Failures are logged, never fatal.</summary>
public sealed partial class EventRecorder(IKubernetes client, ILogger<EventRecorder> logger, TimeProvider time, string component)
{
    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> obj, string type, string reason, string message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var now = time.GetUtcNow().UtcDateTime;
        var ev = new Corev1Event
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
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(ev, obj.Metadata.NamespaceProperty ?? "default", cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            LogEventFailed(e, reason, obj.Metadata.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record event {Reason} for {Name}")]
    private partial void LogEventFailed(Exception e, string reason, string name);
}
