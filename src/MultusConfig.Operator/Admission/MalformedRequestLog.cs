namespace MultusConfig.Operator.Admission;

/// <summary>
/// Warnings about malformed requests to one webhook, at most <see cref="Burst"/> per <see cref="Window"/>. The API
/// server never sends a malformed review, so these come from a broken or hostile client that reaches the port; a
/// warning per request would let it fill the logs and spend the webhook's CPU on writing them (a flood of them
/// doubled the answer time of valid reviews under the fuzz). Every one is still counted in
/// <c>webhook_malformed_requests_total</c>, and the first warning of a new window says how many were left out.
/// </summary>
internal sealed partial class MalformedRequestLog(ILogger logger, string webhook, TimeProvider time)
{
    public const int Burst = 10;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>Room for a problem sentence that quotes a few client values of <see cref="LogText.MaxLength"/> each.</summary>
    public const int MaxProblemLength = 512;

    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _loggedInWindow;
    private long _notLogged;

    /// <summary>How many malformed requests to <paramref name="webhook"/> this process has seen.</summary>
    public static double Count(string webhook) => AdmissionMetrics.Malformed.WithLabels(webhook).Value;

    public void Report(string problem)
    {
        AdmissionMetrics.Malformed.WithLabels(webhook).Inc();
        long leftOut;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now - _windowStart >= Window)
            {
                _windowStart = now;
                _loggedInWindow = 0;
            }
            if (_loggedInWindow == Burst)
            {
                _notLogged++;
                return;
            }
            _loggedInWindow++;
            leftOut = _notLogged;
            _notLogged = 0;
        }
        if (leftOut > 0) LogLeftOut(logger, leftOut, webhook, Burst, (int)Window.TotalSeconds);
        // Problems quote the client's values (cut and escaped where they are built) and parser messages that may
        // quote them too (a JSON path of its property names): the whole line is bounded and escaped once more.
        LogMalformed(logger, webhook, LogText.Of(problem, MaxProblemLength));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed admission request to {Webhook}: {Problem}")]
    private static partial void LogMalformed(ILogger logger, string webhook, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} more malformed admission requests to {Webhook} were not logged (at most {Burst} every {Seconds} s; webhook_malformed_requests_total counts them all)")]
    private static partial void LogLeftOut(ILogger logger, long count, string webhook, int burst, int seconds);
}
