namespace MultusConfig.Operator.Controller;

/// <summary>What a reconcile asks of the queue, with controller-runtime's four outcomes.</summary>
/// <param name="ServerUnavailable">
/// The failure was the API server's (overloaded or unreachable behind a gateway), not this object's: the key
/// waits for the server's recovery (the controller's probe) instead of its own growing back-off.
/// </param>
public sealed record ReconcileResult(ReconcileOutcome Outcome, TimeSpan Delay = default, bool ServerUnavailable = false)
{
    public static readonly ReconcileResult Done = new(ReconcileOutcome.Done);
    public static readonly ReconcileResult Retry = new(ReconcileOutcome.RetryWithBackoff);
    public static readonly ReconcileResult Failed = new(ReconcileOutcome.Error);

    public static ReconcileResult After(TimeSpan delay) => new(ReconcileOutcome.RequeueAfter, delay);

    /// <summary>Answers that say the server (not this request) is in trouble: overloaded, or a gateway that cannot reach it.</summary>
    public static bool IsUnavailable(System.Net.HttpStatusCode code) =>
        code is System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.BadGateway
            or System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.GatewayTimeout;

    /// <summary><paramref name="result"/>, marked as the server's failure when <paramref name="code"/> says so.</summary>
    public static ReconcileResult For(ReconcileResult result, System.Net.HttpStatusCode code) =>
        IsUnavailable(code) ? result with { ServerUnavailable = true } : result;
}

public enum ReconcileOutcome
{
    /// <summary>Converged, or nothing more can be done until the object changes: forget the key.</summary>
    Done,
    /// <summary>A transient condition (conflict, stale cache): retry with the key's back-off, not an error.</summary>
    RetryWithBackoff,
    /// <summary>Check again after a fixed delay.</summary>
    RequeueAfter,
    /// <summary>A failure worth logging: retry with back-off.</summary>
    Error,
}
