namespace MultusConfig.Operator.Controller;

/// <summary>What a reconcile asks of the queue, with controller-runtime's four outcomes.</summary>
public sealed record ReconcileResult(ReconcileOutcome Outcome, TimeSpan Delay = default)
{
    public static readonly ReconcileResult Done = new(ReconcileOutcome.Done);
    public static readonly ReconcileResult Retry = new(ReconcileOutcome.RetryWithBackoff);
    public static readonly ReconcileResult Failed = new(ReconcileOutcome.Error);

    public static ReconcileResult After(TimeSpan delay) => new(ReconcileOutcome.RequeueAfter, delay);
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
