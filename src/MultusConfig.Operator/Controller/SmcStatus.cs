using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Controller;

/// <summary>Builds the desired status and decides whether it differs from the stored one.</summary>
internal static class SmcStatus
{
    public static SpiderMultusConfigStatus Desired(SpiderMultusConfig smc, string? nadName, bool ready, string reason, string message, DateTime now)
    {
        var previous = smc.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        var status = ready ? "True" : "False";
        // lastTransitionTime moves only when the status itself flips, as the API conventions ask.
        // metav1.Time is whole seconds (RFC 3339); a finer time would only be truncated by a real API server.
        var transition = previous is not null && previous.Status == status && previous.LastTransitionTime != default
            ? previous.LastTransitionTime : WholeSeconds(now);
        return new SpiderMultusConfigStatus
        {
            ObservedGeneration = smc.Metadata.Generation,
            NetworkAttachmentDefinition = nadName,
            Conditions =
            [
                new V1Condition
                {
                    Type = "Ready",
                    Status = status,
                    Reason = reason,
                    Message = message,
                    ObservedGeneration = smc.Metadata.Generation,
                    LastTransitionTime = transition,
                },
            ],
        };
    }

    /// <summary>
    /// The merge patch that writes <paramref name="desired"/>: a NAD name that is no longer ours is sent as
    /// null, which removes it (a merge patch leaves out-of-patch members as they are).
    /// </summary>
    public static string MergePatch(SpiderMultusConfigStatus desired)
    {
        var status = JsonSerializer.SerializeToNode(desired, MultusConfig.Operator.Kube.KubeJsonContext.Default.SpiderMultusConfigStatus)!.AsObject();
        if (desired.NetworkAttachmentDefinition is null) status["networkAttachmentDefinition"] = null;
        return new JsonObject { ["status"] = status }.ToJsonString();
    }

    private static DateTime WholeSeconds(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    public static bool Same(SpiderMultusConfigStatus? current, SpiderMultusConfigStatus desired)
    {
        if (current is null) return false;
        var a = current.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        var b = desired.Conditions![0];
        return current.ObservedGeneration == desired.ObservedGeneration
            && current.NetworkAttachmentDefinition == desired.NetworkAttachmentDefinition
            && a is not null && a.Status == b.Status && a.Reason == b.Reason && a.Message == b.Message
            && a.ObservedGeneration == b.ObservedGeneration;
    }

    /// <summary>True when the Ready condition changes status or reason: that is worth an Event.</summary>
    public static bool IsTransition(SpiderMultusConfigStatus? current, SpiderMultusConfigStatus desired)
    {
        var a = current?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        var b = desired.Conditions![0];
        return a is null || a.Status != b.Status || a.Reason != b.Reason;
    }
}
