namespace MultusConfig.Operator.Metrics;

/// <summary>Lock-free arithmetic on a <see cref="double"/> field (Interlocked has no Add for doubles).</summary>
internal static class AtomicDouble
{
    public static void Add(ref double location, double value)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + value, current);
            // Interlocked compares bits, so compare bits too (0.0 == -0.0 and NaN != NaN would mislead).
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current)) return;
            current = seen;
        }
    }
}
