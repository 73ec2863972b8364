using System.Globalization;
using MultusConfig.Operator.Admission;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Controller;

/// <summary>
/// An API server error in two wordings: for the SMC's status and Events, which every tenant who can read the SMC
/// sees, the HTTP status and the Status reason, plus the Status message only where it is about the object
/// rather than about the operator; for the operator log, everything. A 403 from RBAC reads "User
/// system:serviceaccount:… cannot update resource …", naming the operator's identity and the permission it lacks,
/// and 401 and 5xx messages describe the server; those stay in the log.
/// </summary>
internal static class ApiErrorText
{
    /// <summary>Enough for a validation message from the API server or a policy webhook.</summary>
    public const int MaxMessageLength = 200;

    /// <summary>The Status object's code, reason and message; the HTTP status and its name when the body is not a Status.</summary>
    public static (int Code, string Reason, string? Message) Parse(KubeApiException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = string.IsNullOrEmpty(error.Reason) ? error.StatusCode.ToString() : error.Reason;
        return ((int)error.StatusCode, reason, error.StatusMessage);
    }

    /// <summary>"HTTP 422 Invalid: message" or "HTTP 403 Forbidden (details in the operator log)".</summary>
    public static string ForStatus(KubeApiException error)
    {
        var (code, reason, message) = Parse(error);
        var head = string.Create(CultureInfo.InvariantCulture, $"HTTP {code} {LogText.Of(reason, 64)}");
        return ShowsMessage(code, message) ? $"{head}: {LogText.Of(message, MaxMessageLength)}" : head + " (details in the operator log)";
    }

    /// <summary>The whole response body for the log, escaped.</summary>
    public static string ForLog(KubeApiException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return LogText.Of(error.Body, 4096);
    }

    /// <summary>
    /// 400, 409 and 422 are validation answers about the object (the API server's or a third-party webhook's), and a
    /// webhook's denial comes as 403 "admission webhook … denied the request": the tenant needs those words to fix
    /// the SMC. Every other message (RBAC's 403, 401, 404, 429, 5xx) is about the operator or the server.
    /// </summary>
    private static bool ShowsMessage(int code, string? message) =>
        !string.IsNullOrEmpty(message)
        && (code is 400 or 409 or 422 || (code == 403 && message.StartsWith("admission webhook \"", StringComparison.Ordinal)));
}
