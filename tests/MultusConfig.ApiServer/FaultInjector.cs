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

    /// <summary>The next <paramref name="count"/> matching requests fail with 500, 503, 429 (with Retry-After) or 409.</summary>
    public void FailNext(int count, int statusCode, string? verb = null, string? resource = null, int retryAfterSeconds = 1)
    {
        if (statusCode is not (500 or 503 or 429 or 409))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "supported: 500, 503, 429, 409");
        }
        lock (_gate)
        {
            _failures.Add(new Failure(count, statusCode, verb, resource, retryAfterSeconds));
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

    /// <summary>Removes every fault; requests still held by a delay proceed at once.</summary>
    public void Clear()
    {
        CancellationTokenSource released;
        lock (_gate)
        {
            _failures.Clear();
            _delays.Clear();
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
            if (f is null)
            {
                return null;
            }
            f.Remaining--;
            return f.Code switch
            {
                500 => new ApiException(500, "InternalError", "Internal error occurred: injected fault"),
                503 => new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request (injected fault)"),
                429 => new ApiException(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later (injected fault)") { RetryAfterSeconds = f.RetryAfterSeconds },
                _ => new ApiException(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"),
            };
        }
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
