using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace MultusConfig.Operator.Controller.Runtime;

/// <summary>
/// client-go's reflector and store in one: a paginated LIST, then a WATCH from the list's
/// resourceVersion with bookmarks and a randomised server timeout; a relist when the watch says 410
/// Gone; a watchdog for streams that go silent; exponential back-off (800 ms to 30 s) on errors and on
/// streams closed within a second without an event, back to 800 ms once a stream ends cleanly.
/// Handlers get (old, new) for each change, with new null on deletion; they run on the informer's
/// loop and must only enqueue.
/// </summary>
public sealed partial class Informer<T, TList>(
    IKubernetes client, ResourceKind kind, string? ns, ILogger logger, TimeProvider time, InformerOptions? options = null)
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly ConcurrentDictionary<string, T> _cache = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly InformerOptions _options = options ?? new InformerOptions();

    public event Action<T?, T?>? Changed;

    /// <summary>Completes after the first full LIST has been stored and delivered.</summary>
    public Task Synced => _synced.Task;

    public bool HasSynced => _synced.Task.IsCompleted;

    public int Count => _cache.Count;

    public T? Get(string key) => _cache.GetValueOrDefault(key);

    public IEnumerable<T> List() => _cache.Values;

    public async Task RunAsync(CancellationToken ct)
    {
        string? rv = null;
        var backoff = _options.MinBackoff;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                rv ??= await ListAsync(ct).ConfigureAwait(false);
                var started = time.GetTimestamp();
                var watch = await WatchAsync(rv, ct).ConfigureAwait(false);
                rv = watch.ResumeFrom;
                var lasted = time.GetElapsedTime(started);
                if (watch.Events == 0 && lasted < _options.ShortWatch && rv is not null)
                {
                    // client-go's "very short watch": a server that closes every stream at once must not be
                    // asked again in a tight loop.
                    LogShortWatch(kind.Plural, lasted.TotalMilliseconds, backoff.TotalMilliseconds);
                }
                else
                {
                    // A stream that worked ends a failure streak: the next failure waits the minimum again, so
                    // after a bout of errors the cache catches up within a second of the server recovering,
                    // not after a back-off grown to 30 s while it was failing.
                    if (watch.Healthy) backoff = _options.MinBackoff;
                    continue;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                LogExpired(kind.Plural);
                rv = null;
                continue;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or KubernetesException or System.Text.Json.JsonException or OperationCanceledException)
            {
                LogRetry(e, kind.Plural, backoff.TotalMilliseconds);
            }
            try
            {
                await Task.Delay(backoff, time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            backoff = TimeSpan.FromTicks(Math.Min(_options.MaxBackoff.Ticks, backoff.Ticks * 2));
        }
    }

    private async Task<string> ListAsync(CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? continueToken = null;
        string rv;
        do
        {
            var page = ns is null
                ? await client.CustomObjects.ListClusterCustomObjectAsync<TList>(kind.Group, kind.Version, kind.Plural,
                    continueParameter: continueToken, limit: _options.PageSize, cancellationToken: ct).ConfigureAwait(false)
                : await client.CustomObjects.ListNamespacedCustomObjectAsync<TList>(kind.Group, kind.Version, ns, kind.Plural,
                    continueParameter: continueToken, limit: _options.PageSize, cancellationToken: ct).ConfigureAwait(false);
            foreach (var item in page.Items ?? [])
            {
                var key = ObjectKey.Of(item);
                seen.Add(key);
                Upsert(key, item);
            }
            continueToken = page.Metadata?.ContinueProperty;
            rv = page.Metadata?.ResourceVersion ?? "";
        }
        while (!string.IsNullOrEmpty(continueToken));

        foreach (var key in _cache.Keys)
        {
            if (!seen.Contains(key) && _cache.TryRemove(key, out var gone)) Changed?.Invoke(gone, null);
        }
        _synced.TrySetResult();
        return rv;
    }

    /// <summary>How a watch stream ended: where to resume (null to relist), how many events it carried, and whether it ended cleanly.</summary>
    private readonly record struct WatchOutcome(string? ResumeFrom, int Events, bool Healthy);

    /// <summary>Watches until the stream ends.</summary>
    private async Task<WatchOutcome> WatchAsync(string rv, CancellationToken ct)
    {
        var events = 0;
        var silent = false;
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timeoutSeconds = Random.Shared.Next((int)_options.MinWatchTimeout.TotalSeconds, (int)_options.MaxWatchTimeout.TotalSeconds + 1);
        var silence = TimeSpan.FromSeconds(timeoutSeconds) + _options.WatchdogMargin;
        watchdog.CancelAfter(silence);
        Exception? streamError = null;
        try
        {
            var response = ns is null
                ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<TList>(kind.Group, kind.Version, kind.Plural,
                    allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: watchdog.Token)
                : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<TList>(kind.Group, kind.Version, ns, kind.Plural,
                    allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: watchdog.Token);
#pragma warning disable CS0618 // WatchAsync<T,L> is obsolete but the only typed watch for custom objects in 21.x.
            await foreach (var (type, obj) in response.WatchAsync<T, TList>(e => streamError ??= e, watchdog.Token).ConfigureAwait(false))
#pragma warning restore CS0618
            {
                watchdog.CancelAfter(silence);
                events++;
                if (obj?.Metadata?.ResourceVersion is { Length: > 0 } newRv) rv = newRv;
                if (obj is null) continue;
                var key = ObjectKey.Of(obj);
                switch (type)
                {
                    case WatchEventType.Added or WatchEventType.Modified:
                        Upsert(key, obj);
                        break;
                    case WatchEventType.Deleted:
                        if (_cache.TryRemove(key, out var old)) Changed?.Invoke(old, null);
                        break;
                }
            }
        }
        catch (HttpRequestException e) when (e.InnerException is EndOfStreamException)
        {
            // A watch that timed out without a single event ends with an empty body: a normal close.
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogSilent(kind.Plural, silence.TotalSeconds);
            silent = true;
        }

        if (streamError is KubernetesException { Status.Code: 410 })
        {
            LogExpired(kind.Plural);
            return new WatchOutcome(null, events, Healthy: false);
        }
        if (streamError is not null) LogStreamError(streamError, kind.Plural);
        return new WatchOutcome(rv, events, Healthy: streamError is null && !silent);
    }

    private void Upsert(string key, T obj)
    {
        _cache.TryGetValue(key, out var old);
        if (old is not null && old.Metadata?.ResourceVersion == obj.Metadata?.ResourceVersion && old.Metadata?.ResourceVersion is not null) return;
        _cache[key] = CacheTrim.Apply(obj);
        Changed?.Invoke(old, obj);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "watch of {Plural} expired (410 Gone); listing again")]
    private partial void LogExpired(string plural);

    [LoggerMessage(Level = LogLevel.Warning, Message = "list/watch of {Plural} failed; retrying in {DelayMs} ms")]
    private partial void LogRetry(Exception e, string plural, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "watch of {Plural} closed after {LastedMs} ms without an event; retrying in {DelayMs} ms")]
    private partial void LogShortWatch(string plural, double lastedMs, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "watch of {Plural} was silent for {Seconds} s; reconnecting")]
    private partial void LogSilent(string plural, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "watch of {Plural} reported an error; resuming")]
    private partial void LogStreamError(Exception e, string plural);
}
