using System.Numerics;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// A request body read into a buffer from <see cref="LargeBodyBudget.Pool"/> that doubles as it fills. A buffer up
/// to <see cref="LargeReviewLane.ThresholdBytes"/> is free (every real review fits, and Kestrel's connection limit
/// bounds how many there are); a larger one is reserved from the budget before it is rented and released when it
/// is returned. Dispose returns the buffer: nothing read from <see cref="Bytes"/> may be used after that.
/// </summary>
internal sealed class PooledBody(LargeBodyBudget budget) : IDisposable
{
    private const int InitialBytes = 16 * 1024;

    private byte[] _buffer = budget.Pool.Rent(InitialBytes);
    private long _reserved;

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, Length);

    /// <summary>Room for the next read, grown to at most <paramref name="maxCapacity"/>; null when growing would overspend the budget.</summary>
    public Memory<byte>? FreeSpace(int maxCapacity)
    {
        if (Length == _buffer.Length && !TryGrow(Math.Min(_buffer.Length * 2, maxCapacity))) return null;
        return _buffer.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    private bool TryGrow(int capacity)
    {
        capacity = Math.Max(capacity, _buffer.Length + 1);
        // The pool hands out powers of two: reserve what it will hand out, before holding it.
        var cost = Cost((long)BitOperations.RoundUpToPowerOf2((uint)capacity));
        if (cost > 0 && !budget.TryReserve(cost)) return false;
        var bigger = budget.Pool.Rent(capacity);
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        budget.Pool.Return(_buffer);
        if (_reserved > 0) budget.Release(_reserved);
        _buffer = bigger;
        _reserved = cost;
        return true;
    }

    private static long Cost(long bufferBytes) => bufferBytes > LargeReviewLane.ThresholdBytes ? bufferBytes : 0;

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        budget.Pool.Return(_buffer);
        if (_reserved > 0) budget.Release(_reserved);
        _buffer = [];
        _reserved = 0;
        Length = 0;
    }
}
