namespace MultusConfig.Operator.Controller.Runtime;

/// <summary>
/// client-go's default controller rate limiter: per key, 5 ms doubling to 1000 s on each failure
/// (D15: every failure backs off, bounded); overall, a token bucket of 10 per second with a burst of
/// 100 so that a failure storm cannot flood the API server. The delay is the larger of the two.
/// </summary>
public sealed class RateLimiter(TimeProvider time, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, double qps = 10, int burst = 100)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly TimeSpan _base = baseDelay ?? TimeSpan.FromMilliseconds(5);
    private readonly TimeSpan _max = maxDelay ?? TimeSpan.FromSeconds(1000);
    private double _tokens = burst;
    private long _lastRefill = time.GetTimestamp();

    public TimeSpan When(string key)
    {
        lock (_lock)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            var perItem = failures >= 40 ? _max : TimeSpan.FromTicks(Math.Min(_max.Ticks, (long)(_base.Ticks * Math.Pow(2, failures))));
            // One token per retry: calling BucketDelay twice took two whenever the bucket was in deficit.
            var bucket = BucketDelay();
            return perItem > bucket ? perItem : bucket;
        }
    }

    public void Forget(string key)
    {
        lock (_lock) _failures.Remove(key);
    }

    public int Failures(string key)
    {
        lock (_lock) return _failures.GetValueOrDefault(key);
    }

    private TimeSpan BucketDelay()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + time.GetElapsedTime(_lastRefill, now).TotalSeconds * qps);
        _lastRefill = now;
        _tokens -= 1;
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / qps);
    }
}
