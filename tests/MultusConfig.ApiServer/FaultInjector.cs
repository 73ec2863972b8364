namespace MultusConfig.ApiServer;

/// <summary>
/// Faults a test switches on and off. They apply to resource requests (not discovery), matched by
/// Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection) and resource
/// plural; null matches any.
/// </summary>
public sealed class FaultInjector : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Failure> _failures = [];
    private readonly List<DelayRule> _delays = [];
    private readonly List<RandomRule> _random = [];
    private readonly List<WatchResetRule> _watchResets = [];
    private readonly Dictionary<string, int> _corruptEvents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _cutEvents = new(StringComparer.Ordinal);
    private int _injected;
    private CancellationTokenSource _released = new();

    private sealed class Failure(int remaining, int code, string? verb, string? resource, int retryAfterSeconds)
    {
        public int Remaining { get; set; } = remaining;
        public int Code { get; } = code;
        public string? Verb { get; } = verb;
        public string? Resource { get; } = resource;
        public int RetryAfterSeconds { get; } = retryAfterSeconds;
    }

    private sealed record DelayRule(TimeSpan Delay, string? Verb, string? Resource);

    private sealed record RandomRule(double Rate, int[] Codes, Random Random, string? Verb, string? Resource, int RetryAfterSeconds);

    private sealed record WatchResetRule(int AfterEvents, string? Resource);

    private static readonly HashSet<string> WriteVerbs = new(StringComparer.Ordinal) { "create", "update", "patch", "delete", "deletecollection" };

    /// <summary>How many requests an injected failure has answered so far (FailNext and FailRandomly).</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>
    /// The next <paramref name="count"/> matching requests fail with 500, 503, 429 (with Retry-After), 409, or
    /// 404 (as if the object had just been deleted: what a client acting on a stale cache meets), or 410 Expired
    /// (what a list with a continue token or resourceVersion older than the server's history gets).
    /// </summary>
    public void FailNext(int count, int statusCode, string? verb = null, string? resource = null, int retryAfterSeconds = 1)
    {
        if (statusCode is not (500 or 503 or 429 or 409 or 404 or 403 or 422 or 410))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "supported: 500, 503, 429, 409, 404, 403, 422, 410");
        }
        lock (_gate)
        {
            _failures.Add(new Failure(count, statusCode, verb, resource, retryAfterSeconds));
        }
    }

    /// <summary>
    /// Until <see cref="Clear"/>, a <paramref name="rate"/> share of the matching requests fails with one of
    /// <paramref name="codes"/> (500, 503, 429 with Retry-After, 409), drawn from a generator seeded with
    /// <paramref name="seed"/>, so a run is repeatable for the same request order. 409 is only drawn for
    /// writes: the real server never answers a read with Conflict.
    /// </summary>
    public void FailRandomly(double rate, int[] codes, int seed, string? verb = null, string? resource = null, int retryAfterSeconds = 1)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (rate is < 0 or > 1 || double.IsNaN(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "a share between 0 and 1");
        }
        if (codes.Length == 0 || codes.Any(c => c is not (500 or 503 or 429 or 409)))
        {
            throw new ArgumentOutOfRangeException(nameof(codes), string.Join(",", codes), "supported: 500, 503, 429, 409");
        }
        lock (_gate)
        {
            _random.Add(new RandomRule(rate, [.. codes], new Random(seed), verb, resource, retryAfterSeconds));
        }
    }

    /// <summary>Every matching request waits <paramref name="delay"/> before it is served, until <see cref="Clear"/>.</summary>
    public void Delay(TimeSpan delay, string? verb = null, string? resource = null)
    {
        lock (_gate)
        {
            _delays.Add(new DelayRule(delay, verb, resource));
        }
    }

    /// <summary>
    /// Until <see cref="Clear"/>, every watch stream of <paramref name="resource"/> (null: any) opened from now
    /// on is reset one bookmark interval after it has written <paramref name="afterEvents"/> events (bookmarks
    /// not counted; the pause lets the last event reach the client, as a reset drops frames still queued):
    /// the connection is dropped under the client mid-stream, as an API server restart, a load balancer
    /// reset or an HTTP/2 GOAWAY does, so the client reads "the response ended prematurely", not a clean end.
    /// </summary>
    public void ResetWatchesAfter(int afterEvents, string? resource = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(afterEvents);
        lock (_gate)
        {
            _watchResets.Add(new WatchResetRule(afterEvents, resource));
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> events written on watch streams of <paramref name="resource"/> go out as
    /// lines the client cannot decode (well-formed JSON whose object has a string for metadata), and the
    /// stream goes on after them.
    /// </summary>
    public void CorruptNextWatchEvents(int count, string resource)
    {
        lock (_gate)
        {
            _corruptEvents[resource] = _corruptEvents.GetValueOrDefault(resource) + count;
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> events written on watch streams of <paramref name="resource"/> go out only in
    /// part (the first half of the line, no end of line), then the connection is dropped: a cut inside an event.
    /// </summary>
    public void CutNextWatchEventsMidway(int count, string resource)
    {
        lock (_gate)
        {
            _cutEvents[resource] = _cutEvents.GetValueOrDefault(resource) + count;
        }
    }

    /// <summary>Whether the event about to be written on a watch of this resource is cut in the middle.</summary>
    internal bool CutWatchEventMidway(string resource)
    {
        lock (_gate)
        {
            if (_cutEvents.GetValueOrDefault(resource) <= 0)
            {
                return false;
            }
            _cutEvents[resource]--;
            _injected++;
            return true;
        }
    }

    /// <summary>After how many events a watch stream of this resource opened now is reset, or null.</summary>
    internal int? WatchResetAfter(string resource)
    {
        lock (_gate)
        {
            return _watchResets.Where(r => r.Resource is null || r.Resource == resource).Select(r => (int?)r.AfterEvents).Min();
        }
    }

    /// <summary>Whether the event about to be written on a watch of this resource goes out corrupted.</summary>
    internal bool CorruptWatchEvent(string resource)
    {
        lock (_gate)
        {
            if (_corruptEvents.GetValueOrDefault(resource) <= 0)
            {
                return false;
            }
            _corruptEvents[resource]--;
            _injected++;
            return true;
        }
    }

    /// <summary>Removes every fault; requests still held by a delay proceed at once.</summary>
    public void Clear()
    {
        CancellationTokenSource released;
        lock (_gate)
        {
            _failures.Clear();
            _delays.Clear();
            _random.Clear();
            _watchResets.Clear();
            _corruptEvents.Clear();
            _cutEvents.Clear();
            released = _released;
            _released = new CancellationTokenSource();
        }
        released.Cancel();
        released.Dispose();
    }

    /// <summary>Waits out the delay that applies to a request, if any; <see cref="Clear"/> ends the wait.</summary>
    internal async Task WaitAsync(string verb, string resource, CancellationToken requestAborted)
    {
        TimeSpan delay;
        CancellationToken released;
        lock (_gate)
        {
            delay = _delays.Where(d => Matches(d.Verb, d.Resource, verb, resource)).Select(d => d.Delay).DefaultIfEmpty(TimeSpan.Zero).Max();
            released = _released.Token;
        }
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, released);
        try
        {
            await Task.Delay(delay, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (released.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
        }
    }

    internal ApiException? NextFailure(string verb, string resource, string name)
    {
        lock (_gate)
        {
            var f = _failures.FirstOrDefault(f => f.Remaining > 0 && Matches(f.Verb, f.Resource, verb, resource));
            if (f is not null)
            {
                f.Remaining--;
                return Fault(f.Code, resource, name, f.RetryAfterSeconds);
            }
            foreach (var r in _random.Where(r => Matches(r.Verb, r.Resource, verb, resource)))
            {
                // Draw both numbers for every matching request, so one request's outcome does not shift the sequence of the next.
                var roll = r.Random.NextDouble();
                var pick = r.Random.Next(r.Codes.Length);
                if (roll >= r.Rate)
                {
                    continue;
                }
                var codes = WriteVerbs.Contains(verb) ? r.Codes : r.Codes.Where(c => c != 409).ToArray();
                if (codes.Length == 0)
                {
                    continue;
                }
                return Fault(codes[pick % codes.Length], resource, name, r.RetryAfterSeconds);
            }
            return null;
        }
    }

    private ApiException Fault(int code, string resource, string name, int retryAfterSeconds)
    {
        _injected++;
        return code switch
        {
            500 => new ApiException(500, "InternalError", "Internal error occurred: injected fault"),
            503 => new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request (injected fault)"),
            404 => new ApiException(404, "NotFound", $"{resource} \"{name}\" not found (injected fault)"),
            // As RBAC words it: the message names the caller and the permission it lacks.
            403 => new ApiException(403, "Forbidden", $"{resource} \"{name}\" is forbidden: User \"system:serviceaccount:multus-config-system:multus-config-operator\" cannot create resource \"{resource}\""),
            410 => new ApiException(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter (injected fault)"),
            422 => new ApiException(422, "Invalid", $"{resource} \"{name}\" is invalid: spec.config: Invalid value: injected fault"),
            429 => new ApiException(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later (injected fault)") { RetryAfterSeconds = retryAfterSeconds },
            _ => new ApiException(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"),
        };
    }

    private static bool Matches(string? ruleVerb, string? ruleResource, string verb, string resource) =>
        (ruleVerb is null || ruleVerb == verb) && (ruleResource is null || ruleResource == resource);

    public void Dispose()
    {
        lock (_gate)
        {
            _released.Dispose();
        }
    }
}
