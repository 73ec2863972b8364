using System.Net;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// An answer of the API server that is not a success, as our own client layer reports it: the HTTP status, and
/// from the <c>Status</c> body (when there is one) its <c>reason</c> and <c>message</c>. A 429 or 5xx may carry
/// the server's <c>Retry-After</c>. Network failures stay <see cref="HttpRequestException"/>/<see cref="IOException"/>.
/// </summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(HttpStatusCode statusCode, string? reason, string? statusMessage, TimeSpan? retryAfter = null, string? body = null)
        : base(Describe(statusCode, reason, statusMessage))
    {
        StatusCode = statusCode;
        Reason = reason;
        StatusMessage = statusMessage;
        RetryAfter = retryAfter;
        Body = body;
    }

    public KubeApiException()
        : this(HttpStatusCode.InternalServerError, null, null)
    {
    }

    public KubeApiException(string message)
        : base(message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status code of the answer (for a watch ERROR event, the code of its Status object).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary><c>Status.reason</c>, e.g. <c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Expired</c>; null without a Status body.</summary>
    public string? Reason { get; }

    /// <summary><c>Status.message</c>; null without a Status body.</summary>
    public string? StatusMessage { get; }

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The raw answer body, truncated; for logs when it was not a Status object.</summary>
    public string? Body { get; }

    /// <summary>
    /// True for an ERROR event inside a watch stream that had opened (the server answered 200); false for an error
    /// answer to the request itself. A reflector lists again after the first and retries the watch after the second.
    /// </summary>
    public bool IsWatchEvent { get; init; }

    private static string Describe(HttpStatusCode code, string? reason, string? message)
    {
        var text = $"HTTP {(int)code}";
        if (!string.IsNullOrEmpty(reason)) text += " " + reason;
        if (!string.IsNullOrEmpty(message)) text += ": " + message;
        return text;
    }
}
