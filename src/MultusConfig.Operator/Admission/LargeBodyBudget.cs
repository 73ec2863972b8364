using System.Buffers;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// The memory all admission bodies over <see cref="LargeReviewLane.ThresholdBytes"/> may hold at once, across both
/// webhooks, and the pool their buffers come from. A body's buffer starts small and grows as bytes arrive, so a
/// sender pays in bytes before it holds memory (no buffer is sized from a declared Content-Length); every growth
/// past the threshold is reserved here first, and a request that finds the budget spent is answered 429. Real SMC
/// reviews are a few KiB and never reach it; with a 192 MiB heap, 200 parallel 3 MB bodies used to exhaust memory.
/// </summary>
internal sealed class LargeBodyBudget
{
    /// <summary>Eight bodies at the 3 MiB limit (each in a 4 MiB buffer): an eighth of the 256 MiB the shipped Deployment allows.</summary>
    public const long DefaultBytes = 32L * 1024 * 1024;

    private long _reserved;

    public LargeBodyBudget(long bytes = DefaultBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, AdmissionEndpoint.MaxBodyBytes);
        Bytes = bytes;
    }

    /// <summary>The budget in bytes.</summary>
    public long Bytes { get; }

    /// <summary>Bytes reserved now.</summary>
    public long Reserved => Interlocked.Read(ref _reserved);

    /// <summary>
    /// Buffers of up to 4 MiB (the next power of two above the body limit), a few of each size kept: a private
    /// pool, because the shared one may keep dozens of megabyte arrays per core after a burst.
    /// </summary>
    public ArrayPool<byte> Pool { get; } = ArrayPool<byte>.Create(maxArrayLength: 4 * 1024 * 1024, maxArraysPerBucket: 2);

    /// <summary>Reserves <paramref name="bytes"/> if the budget still has them; false (and one shed request counted) if not.</summary>
    public bool TryReserve(long bytes)
    {
        var after = Interlocked.Add(ref _reserved, bytes);
        if (after <= Bytes)
        {
            AdmissionMetrics.LargeBodyBytesInFlight.Inc(bytes);
            return true;
        }
        Interlocked.Add(ref _reserved, -bytes);
        AdmissionMetrics.Shed.Inc();
        return false;
    }

    public void Release(long bytes)
    {
        Interlocked.Add(ref _reserved, -bytes);
        AdmissionMetrics.LargeBodyBytesInFlight.Dec(bytes);
    }
}
