using k8s.Models;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Controller;

/// <summary>Builds the desired status and decides whether it differs from the stored one.</summary>
internal static class SmcStatus
{
    public static SpiderMultusConfigStatus Desired(SpiderMultusConfig smc, string nadName, bool ready, string reason, string message, DateTime now)
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
