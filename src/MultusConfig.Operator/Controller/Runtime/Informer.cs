using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MultusConfig.Operator.Kube;
using WatchEventType = MultusConfig.Operator.Kube.WatchEventType;

namespace MultusConfig.Operator.Controller.Runtime;

/// <summary>
/// client-go's reflector and store in one (tools/cache/reflector.go). The first LIST asks for
/// resourceVersion=0, which kube-apiserver answers from its watch cache in one response; a relist asks
/// for the last resourceVersion synced (unpaged, so the cache serves it too); only after a 410 Gone does
/// it make a consistent, paged list (resourceVersion=""). Then a WATCH from the list's resourceVersion
/// with bookmarks and a randomised server timeout, and a watchdog for streams that go silent. The
/// resourceVersion of the last event delivered is kept whatever way a stream ends, so the next watch
/// resumes after it; a stream that breaks off (connection reset, an undecodable event, an ERROR event
/// other than 410) is followed by a relist from there, as the reflector's ListAndWatch does. A cached
/// object is never replaced by an older resourceVersion of itself. Exponential back-off (800 ms to 30 s)
/// on errors and on streams closed within a second without an event, back to 800 ms once a stream has
/// worked. Handlers get (old, new) for each change, with new null on deletion; they run on the
/// informer's loop and must only enqueue.
/// </summary>
public sealed partial class Informer<T, TList>(
    KubeClient client, KubeResource kind, string? ns, JsonTypeInfo<T> itemType, JsonTypeInfo<TList> listType,
    ILogger logger, TimeProvider time, InformerOptions? options = null)
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly ConcurrentDictionary<string, T> _cache = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly InformerOptions _options = options ?? new InformerOptions();
    // The reflector's paginatedResult: a list at resourceVersion=0 came back in pages, so the server has no
    // watch cache (or it is off) and honours limits; later lists keep paging instead of reading everything at once.
    private bool _serverPages;

    public event Action<T?, T?>? Changed;

    /// <summary>Completes after the first full LIST has been stored and delivered.</summary>
    public Task Synced => _synced.Task;

    public bool HasSynced => _synced.Task.IsCompleted;

    public int Count => _cache.Count;

    public T? Get(string key) => _cache.GetValueOrDefault(key);

    public IEnumerable<T> List() => _cache.Values;

    public async Task RunAsync(CancellationToken ct)
    {
        // The reflector's lastSyncResourceVersion: of the last list, or of the last event or bookmark delivered.
        string? rv = null;
        var relist = true;
        // After a 410 the last resourceVersion is gone from the server's history: list consistently ("").
        var consistent = false;
        var backoff = _options.MinBackoff;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (relist)
                {
                    rv = await ListAsync(consistent ? "" : rv ?? "0", ct).ConfigureAwait(false);
                    relist = false;
                    consistent = false;
                }
                var started = time.GetTimestamp();
                var watch = await WatchAsync(rv!, ct).ConfigureAwait(false);
                rv = watch.LastResourceVersion;
                var lasted = time.GetElapsedTime(started);
                switch (watch.End)
                {
                    case WatchEnd.Expired:
                        relist = true;
                        consistent = true;
                        continue;
                    case WatchEnd.Broken:
                        // What the stream lost is read again by a list from the last resourceVersion delivered. A
                        // stream that carried events worked until it broke: the wait before the list is the minimum.
                        relist = true;
                        if (watch.Events > 0) backoff = _options.MinBackoff;
                        LogBroken(watch.Error, kind.Plural, watch.Events, backoff.TotalMilliseconds);
                        break;
                    case WatchEnd.Clean or WatchEnd.Silent when watch.Events == 0 && lasted < _options.ShortWatch:
                        // client-go's "very short watch": a server that closes every stream at once must not be
                        // asked again in a tight loop.
                        LogShortWatch(kind.Plural, lasted.TotalMilliseconds, backoff.TotalMilliseconds);
                        break;
                    default:
                        // A stream that worked ends a failure streak: the next failure waits the minimum again, so
                        // after a bout of errors the cache catches up within a second of the server recovering,
                        // not after a back-off grown to 30 s while it was failing.
                        if (watch.End == WatchEnd.Clean) backoff = _options.MinBackoff;
                        continue;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Gone)
            {
                LogExpired(kind.Plural);
                relist = true;
                consistent = true;
                continue;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or System.Text.Json.JsonException or OperationCanceledException)
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

    /// <summary>
    /// Lists at <paramref name="resourceVersion"/> ("0": whatever the server's cache holds; a version: at
    /// least that new; "": consistent) and replaces the cache with the result; returns the list's resourceVersion.
    /// </summary>
    private async Task<string> ListAsync(string resourceVersion, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? continueToken = null;
        // As the reflector: a list at a resourceVersion other than 0 with a limit would be read from etcd; without
        // one the watch cache serves it. At 0 the server ignores the limit when its cache is on.
        int? limit = resourceVersion is "" or "0" || _serverPages ? _options.PageSize : null;
        string rv;
        do
        {
            // A continue token carries the list's snapshot; the server refuses a resourceVersion beside it.
            var at = continueToken is null ? resourceVersion : null;
            var page = await client.ListAsync(kind, ns, new ListOptions { Continue = continueToken, Limit = limit, ResourceVersion = at }, listType, ct)
                .ConfigureAwait(false);
            foreach (var item in page.Items ?? [])
            {
                var key = ObjectKey.Of(item);
                seen.Add(key);
                Upsert(key, item);
            }
            continueToken = page.Metadata?.ContinueProperty;
            if (resourceVersion == "0" && !string.IsNullOrEmpty(continueToken)) _serverPages = true;
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

    /// <summary>How a watch stream ended.</summary>
    private enum WatchEnd
    {
        /// <summary>The server closed it (its timeout, or a cut): watch again from the last resourceVersion.</summary>
        Clean,
        /// <summary>The watchdog cut a stream that stayed silent too long.</summary>
        Silent,
        /// <summary>410 Gone: the resourceVersion is compacted; list consistently.</summary>
        Expired,
        /// <summary>Reset mid-stream, an undecodable event, or an ERROR event other than 410: list again.</summary>
        Broken,
    }

    /// <summary>How a watch ended, the resourceVersion of the last event or bookmark it delivered, and how many it delivered.</summary>
    private readonly record struct WatchOutcome(WatchEnd End, string LastResourceVersion, int Events, Exception? Error = null);

    /// <summary>Watches until the stream ends. Failures before the stream delivered anything are thrown (nothing was read).</summary>
    private async Task<WatchOutcome> WatchAsync(string rv, CancellationToken ct)
    {
        var events = 0;
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timeoutSeconds = Random.Shared.Next((int)_options.MinWatchTimeout.TotalSeconds, (int)_options.MaxWatchTimeout.TotalSeconds + 1);
        var silence = TimeSpan.FromSeconds(timeoutSeconds) + _options.WatchdogMargin;
        watchdog.CancelAfter(silence);
        try
        {
            var stream = client.WatchAsync(kind, ns, new WatchOptions { ResourceVersion = rv, TimeoutSeconds = timeoutSeconds, AllowBookmarks = true }, itemType, watchdog.Token);
            await foreach (var (type, obj) in stream.ConfigureAwait(false))
            {
                watchdog.CancelAfter(silence);
                events++;
                if (obj is null) continue;
                switch (type)
                {
                    case WatchEventType.Added or WatchEventType.Modified:
                        Upsert(ObjectKey.Of(obj), obj);
                        break;
                    case WatchEventType.Deleted:
                        Remove(ObjectKey.Of(obj), obj);
                        break;
                }
                // Only once the event is applied (a bookmark applies nothing): the next watch resumes after it.
                if (obj.Metadata?.ResourceVersion is { Length: > 0 } newRv) rv = newRv;
            }
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Gone)
        {
            // 410 as the answer or as an ERROR event: the resourceVersion is compacted away.
            LogExpired(kind.Plural);
            return new WatchOutcome(WatchEnd.Expired, rv, events);
        }
        catch (KubeApiException e) when (e.IsWatchEvent || events > 0)
        {
            // An ERROR event other than 410 on an open stream: what it lost, a list (from the last resourceVersion
            // delivered) reads again. An error answer to the watch request itself is thrown: the caller backs off
            // and watches again from where it was.
            return new WatchOutcome(WatchEnd.Broken, rv, events, e);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogSilent(kind.Plural, silence.TotalSeconds);
            return new WatchOutcome(WatchEnd.Silent, rv, events);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException || (events > 0 && e is HttpRequestException or IOException))
        {
            // Reset mid-stream ("the response ended prematurely"), or a line that could not be decoded: the
            // events read so far stay applied and counted in rv; what the stream lost, a list reads again.
            return new WatchOutcome(WatchEnd.Broken, rv, events, e);
        }
        return new WatchOutcome(WatchEnd.Clean, rv, events);
    }

    private void Upsert(string key, T obj)
    {
        _cache.TryGetValue(key, out var old);
        // A replayed or stale event (an older resourceVersion of what is cached) changes nothing.
        if (old is not null && !IsNewer(obj, old)) return;
        _cache[key] = CacheTrim.Apply(obj);
        Changed?.Invoke(old, obj);
    }

    private void Remove(string key, T deleted)
    {
        // A deletion older than the cached object belongs to an earlier incarnation of the name.
        if (_cache.TryGetValue(key, out var old) && IsOlder(deleted, old)) return;
        if (_cache.TryRemove(key, out old)) Changed?.Invoke(old, null);
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> is a later version than <paramref name="cached"/>. Kubernetes calls
    /// resourceVersions opaque, but every API server backed by etcd issues them as increasing integers (etcd's
    /// revision); anything else that differs is taken as newer, as client-go's store would take it.
    /// </summary>
    private static bool IsNewer(T candidate, T cached) => Version(candidate) is { } c && Version(cached) is { } o
        ? c > o
        : candidate.Metadata?.ResourceVersion is null || candidate.Metadata.ResourceVersion != cached.Metadata?.ResourceVersion;

    private static bool IsOlder(T candidate, T cached) =>
        Version(candidate) is { } c && Version(cached) is { } o && c < o;

    private static ulong? Version(T obj) =>
        ulong.TryParse(obj.Metadata?.ResourceVersion, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "watch of {Plural} expired (410 Gone); listing again")]
    private partial void LogExpired(string plural);

    [LoggerMessage(Level = LogLevel.Warning, Message = "list/watch of {Plural} failed; retrying in {DelayMs} ms")]
    private partial void LogRetry(Exception e, string plural, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "watch of {Plural} closed after {LastedMs} ms without an event; retrying in {DelayMs} ms")]
    private partial void LogShortWatch(string plural, double lastedMs, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "watch of {Plural} was silent for {Seconds} s; reconnecting")]
    private partial void LogSilent(string plural, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "watch of {Plural} broke off after {Events} events; listing again in {DelayMs} ms")]
    private partial void LogBroken(Exception? e, string plural, int events, double delayMs);
}
