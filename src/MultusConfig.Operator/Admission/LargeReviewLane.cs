namespace MultusConfig.Operator.Admission;

/// <summary>
/// A bulkhead for admission requests far larger than a real SMC review: they are parsed and judged one at a
/// time, across both webhooks. An SMC review is a few KiB; a body of hundreds of KiB to 3 MiB costs
/// milliseconds of CPU to parse, and a handful of them at once would hold every thread-pool thread of a
/// two-core pod, so that ordinary reviews queue behind them. With this lane at most one thread is busy with a
/// large body and ordinary reviews keep their latency under a flood of large ones.
/// </summary>
internal sealed class LargeReviewLane : IDisposable
{
    /// <summary>Sixteen times a large real review (an UPDATE with object, oldObject and managedFields).</summary>
    public const int ThresholdBytes = 64 * 1024;

    private readonly SemaphoreSlim _turn = new(1, 1);

    private int _waiting;

    /// <summary>The memory the bodies of large requests may hold while they are read and wait for their turn.</summary>
    public LargeBodyBudget Budget { get; } = new();

    /// <summary>Requests of this lane waiting for their turn now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Whether a request's turn is taken now.</summary>
    public bool Busy => _turn.CurrentCount == 0;

    /// <summary>Large: a body read in full that is over the threshold.</summary>
    public static bool IsLarge(int bodyBytes) => bodyBytes > ThresholdBytes;

    /// <summary>Waits for the lane; the caller disposes the result when the review is judged. Cancelled with the request.</summary>
    public async Task<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        AdmissionMetrics.LargeRequestsWaiting.Inc();
        Interlocked.Increment(ref _waiting);
        try
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
            AdmissionMetrics.LargeRequestsWaiting.Dec();
        }
        return new Turn(_turn);
    }

    public void Dispose() => _turn.Dispose();

    /// <summary>Holds the lane until disposed.</summary>
    public readonly struct Turn(SemaphoreSlim turn) : IDisposable
    {
        public void Dispose() => turn?.Release();
    }
}
