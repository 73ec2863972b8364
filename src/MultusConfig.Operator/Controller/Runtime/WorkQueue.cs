using System.Threading.Channels;

namespace MultusConfig.Operator.Controller.Runtime;

/// <summary>
/// A queue of keys as client-go's: a key waiting is queued once however often it is added (dirty set),
/// a key being processed is handed to no other worker, and re-adding it while it is processed queues
/// it again once the worker is done. Delayed and rate-limited adds wait as in client-go's delaying queue
/// (util/workqueue/delaying_queue.go): one waiting entry per key, and a second delayed add of a waiting
/// key only moves it earlier, never adds a second timer.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "client-go's name for it, which readers of controllers know")]
public sealed class WorkQueue : IDisposable
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly TimeProvider _time;
    private readonly RateLimiter _limiter;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Dictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);
    private int _depth;

    /// <summary>A key waiting out its delay, with the one timer that will add it.</summary>
    private sealed class Waiting(string key)
    {
        public string Key { get; } = key;
        public DateTimeOffset ReadyAt { get; set; }
        public ITimer? Timer { get; set; }
    }

    public WorkQueue(TimeProvider time, RateLimiter limiter)
    {
        _time = time;
        _limiter = limiter;
    }

    /// <summary>Keys waiting for a worker.</summary>
    public int Depth => Volatile.Read(ref _depth);

    /// <summary>Keys waiting out a delay before they are added.</summary>
    public int DelayedCount
    {
        get { lock (_lock) return _waiting.Count; }
    }

    public event Action<string>? Added;

    public void Add(string key)
    {
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested || !_dirty.Add(key)) return;
            Added?.Invoke(key);
            if (_processing.Contains(key)) return;
            Interlocked.Increment(ref _depth);
            _ready.Writer.TryWrite(key);
        }
    }

    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested) return;
            var readyAt = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var waiting))
            {
                // The earliest wins: a NAD held Terminating re-checked every 2 s must not gain a timer per event.
                if (readyAt >= waiting.ReadyAt) return;
                waiting.ReadyAt = readyAt;
                waiting.Timer!.Change(delay, Timeout.InfiniteTimeSpan);
                return;
            }
            waiting = new Waiting(key) { ReadyAt = readyAt };
            _waiting[key] = waiting;
            waiting.Timer = _time.CreateTimer(static state =>
            {
                var (queue, ready) = ((WorkQueue, Waiting))state!;
                queue.DelayOver(ready);
            }, (this, waiting), delay, Timeout.InfiniteTimeSpan);
        }
    }

    public void AddRateLimited(string key) => AddAfter(key, _limiter.When(key));

    public void Forget(string key) => _limiter.Forget(key);

    /// <summary>Waits for a key; the caller must call <see cref="Done"/> with it.</summary>
    public async ValueTask<string?> GetAsync(CancellationToken ct)
    {
        try
        {
            while (await _ready.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                if (!_ready.Reader.TryRead(out var key)) continue;
                lock (_lock)
                {
                    Interlocked.Decrement(ref _depth);
                    _processing.Add(key);
                    _dirty.Remove(key);
                }
                return key;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested || _shutdown.IsCancellationRequested)
        {
        }
        return null;
    }

    public void Done(string key)
    {
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !_shutdown.IsCancellationRequested)
            {
                Interlocked.Increment(ref _depth);
                _ready.Writer.TryWrite(key);
            }
        }
    }

    public void ShutDown()
    {
        lock (_lock)
        {
            _shutdown.Cancel();
            _ready.Writer.TryComplete();
            foreach (var waiting in _waiting.Values) waiting.Timer?.Dispose();
            _waiting.Clear();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _shutdown.Dispose();
    }

    private void DelayOver(Waiting ready)
    {
        lock (_lock)
        {
            if (!_waiting.TryGetValue(ready.Key, out var current) || current != ready) return;
            _waiting.Remove(ready.Key);
        }
        ready.Timer?.Dispose();
        Add(ready.Key);
    }
}
