using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MultusConfig.Core.Api;
using MultusConfig.Core.Rendering;
using MultusConfig.Operator.Controller.Runtime;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Controller;

/// <summary>
/// The SMC controller: informers on SMCs and NADs (all namespaces or the given ones), one work queue,
/// N workers that start once the caches have synced, and a periodic resync as a safety net. NAD
/// events enqueue the owning SMC and the SMC whose target name matches, so a deleted or edited NAD
/// is repaired at once, not at the next resync (D14).
/// </summary>
public sealed partial class SmcController : IDisposable
{
    internal const string Name = "spidermultusconfig";
    private readonly OperatorOptions _options;
    private readonly KubeClient _client;
    private readonly ILogger<SmcController> _logger;
    private readonly TimeProvider _time;
    private readonly List<Informer<SpiderMultusConfig, SpiderMultusConfigList>> _smcInformers = [];
    private readonly NadCache _nads;
    private readonly WorkQueue _queue;
    private readonly SmcReconciler _reconciler;
    private readonly EventRecorder _events;
    // NAD key → keys of the SMCs that target it (by name or cr-name), kept current from SMC events. A set:
    // while one holds the NAD the others wait in NameConflict, and one of them must run when it goes. Held as the
    // one SMC key itself, or a HashSet only while two or more target the NAD: an entry per SMC lives as long as the
    // SMC, and a set of one cost ~230 bytes more per SMC (2.2 MiB at 10,000).
    private readonly Dictionary<string, object> _targets = new(StringComparer.Ordinal);
    private readonly Lock _targetsLock = new();
    // Keys backing off because the API server could not be reached or was unavailable (no answer, 429,
    // 502-504). Their delays grow while the server is away (after a 10 s outage, 10 s and more; the shared
    // token bucket spreads 2,000 of them over minutes), so the first write the server accepts again sends them
    // all back to the queue at once (the workers pace them), and every 5 s one of them is sent ahead as a probe
    // so that such a write happens soon after the server is back. A key that fails for its own reasons (a
    // webhook's refusal, a 500, a 422) is not here: it waits out its own back-off, up to 1000 s as client-go's.
    private readonly ConcurrentDictionary<string, byte> _backingOff = new(StringComparer.Ordinal);
    private long _lastRetryNow;
    // The key sent ahead by the sweep and when; one probe at a time.
    private string? _probe;
    private long _probeSent;

    public SmcController(KubeClient client, NadCache nads, OperatorOptions options, ILoggerFactory loggers, TimeProvider time, InformerOptions? informerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(nads);
        _nads = nads;
        ArgumentNullException.ThrowIfNull(loggers);
        _client = client;
        _options = options;
        _logger = loggers.CreateLogger<SmcController>();
        _time = time;
        var namespaces = options.Namespaces.Count == 0 ? [null] : options.Namespaces.Select(n => (string?)n).ToList();
        foreach (var ns in namespaces)
        {
            var smcInformer = new Informer<SpiderMultusConfig, SpiderMultusConfigList>(client, KubeResources.SpiderMultusConfigs, ns,
                KubeJsonContext.Default.SpiderMultusConfig, KubeJsonContext.Default.SpiderMultusConfigList, _logger, time, informerOptions);
            smcInformer.Changed += OnSmcChanged;
            _smcInformers.Add(smcInformer);
        }
        _queue = new WorkQueue(time, new RateLimiter(time));
        _queue.Added += _ => OperatorMetrics.WorkQueueAdds.WithLabels(Name).Inc();
        _events = new EventRecorder(client, loggers.CreateLogger<EventRecorder>(), time, "multus-config-operator");
        _reconciler = new SmcReconciler(client, new InformerSet<SpiderMultusConfig, SpiderMultusConfigList>(_smcInformers),
            nads,
            options.RenderProfile, _events, loggers.CreateLogger<SmcReconciler>(), time, options.Adopt,
            new CniTypeAllowList(options.AllowedCniTypes, options.RenderProfile));
    }

    /// <summary>True once every cache holds a full list.</summary>
    public bool HasSynced => _smcInformers.All(i => i.HasSynced) && _nads.HasSynced;

    /// <summary>Runs until cancelled: informers, then workers once synced, and the resync timer.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var informers = _smcInformers.Select(i => i.RunAsync(ct)).ToList();
        _nads.Changed += OnNadChanged;
        try
        {
            await Task.WhenAll(_smcInformers.Select(i => i.Synced).Append(_nads.Synced)).WaitAsync(ct).ConfigureAwait(false);
            var smcCount = _smcInformers.Sum(i => i.Count);
            var nadCount = _nads.Count;
            LogSynced(smcCount, nadCount);
            var workers = Enumerable.Range(0, Math.Max(1, _options.Workers)).Select(_ => WorkerAsync(ct)).ToList();
            var resync = ResyncAsync(ct);
            // Alongside the workers, not before them: a slow answer must not delay reconciling.
            var namespaceCheck = WatchedNamespaces.WarnMissingAsync(_client, _options.Namespaces, _logger, ct);
            await Task.WhenAll(workers.Append(resync).Append(_events.RunAsync(ct)).Append(SweepBackingOffAsync(ct)).Append(namespaceCheck)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            _nads.Changed -= OnNadChanged;
            _queue.ShutDown();
            await Task.WhenAll(informers).ConfigureAwait(false);
        }
    }

    private async Task WorkerAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var key = await _queue.GetAsync(ct).ConfigureAwait(false);
            if (key is null) return;
            OperatorMetrics.WorkQueueDepth.WithLabels(Name).Set(_queue.Depth);
            var started = _time.GetTimestamp();
            var writesBefore = _reconciler.SuccessfulWrites;
            ReconcileResult result;
            var unavailable = false;
            try
            {
                result = await _reconciler.ReconcileAsync(key, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                _queue.Done(key);
                return;
            }
            catch (HttpRequestException e)
            {
                // The API server is unreachable: expected during outages, retried with back-off; no stack trace.
                LogApiUnreachable(key, e.Message);
                result = ReconcileResult.Failed;
                unavailable = true;
            }
            catch (KubeApiException e) when (ReconcileResult.IsUnavailable(e.StatusCode))
            {
                LogApiUnreachable(key, $"{(int)e.StatusCode} {e.StatusCode}");
                result = ReconcileResult.Failed;
                unavailable = true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug or an unexpected API answer must not stop the worker (the reference re-panicked, D17).
                LogReconcileFailed(e, key);
                result = ReconcileResult.Failed;
            }
            // A NAD or status write the reconciler caught itself (reported on the SMC) may still be the server's fault.
            unavailable |= result.ServerUnavailable;
            OperatorMetrics.ReconcileTime.WithLabels(Name).Observe(_time.GetElapsedTime(started).TotalSeconds);
            OperatorMetrics.ReconcileTotal.WithLabels(Name, OperatorMetrics.OutcomeLabel(result.Outcome)).Inc();
            switch (result.Outcome)
            {
                case ReconcileOutcome.Done:
                    _queue.Forget(key);
                    _backingOff.TryRemove(key, out _);
                    break;
                case ReconcileOutcome.RequeueAfter:
                    _queue.Forget(key);
                    _backingOff.TryRemove(key, out _);
                    _queue.AddAfter(key, result.Delay);
                    break;
                case ReconcileOutcome.Error:
                    OperatorMetrics.ReconcileErrors.WithLabels(Name).Inc();
                    OperatorMetrics.WorkQueueRetries.WithLabels(Name).Inc();
                    BackOff(key, unavailable);
                    break;
                default:
                    OperatorMetrics.WorkQueueRetries.WithLabels(Name).Inc();
                    BackOff(key, unavailable);
                    break;
            }
            _queue.Done(key);
            var probe = Volatile.Read(ref _probe);
            if (probe == key && Interlocked.CompareExchange(ref _probe, null, key) == key && !unavailable)
            {
                // The probe got an answer: the server is back, release the rest.
                RequeueBackingOff(int.MaxValue);
            }
            else if (_reconciler.SuccessfulWrites > writesBefore && !_backingOff.IsEmpty)
            {
                RetryBackingOffNow();
            }
        }
    }

    /// <summary>Retries with the key's back-off; only failures of the server itself wait for its recovery in <see cref="_backingOff"/>.</summary>
    private void BackOff(string key, bool unavailable)
    {
        if (unavailable) _backingOff[key] = 0;
        else _backingOff.TryRemove(key, out _);
        _queue.AddRateLimited(key);
    }

    /// <summary>The API server accepted a write: what failed while it could not is retried now, not after its back-off.</summary>
    private void RetryBackingOffNow()
    {
        // At most once a second: a key that fails for its own reasons (a 422, say) is not retried on every write of the others.
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastRetryNow);
        if (last != 0 && _time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1)) return;
        if (Interlocked.CompareExchange(ref _lastRetryNow, now, last) != last) return;
        RequeueBackingOff(int.MaxValue);
    }

    /// <summary>Moves up to <paramref name="max"/> backing-off keys into the queue now.</summary>
    private void RequeueBackingOff(int max)
    {
        foreach (var key in _backingOff.Keys.Take(max))
        {
            if (_backingOff.TryRemove(key, out _)) _queue.Add(key);
        }
    }

    /// <summary>
    /// Every 5 s, one key still waiting for the server is tried ahead of its back-off, unless the last probe
    /// is still on its way. After an outage the server may be back while every failed key still waits out its
    /// back-off (or the token bucket's backlog) and so no write can tell us it is back; the probe is that
    /// request, and once it gets an answer the rest are released. One request per 5 s is all a server that
    /// is still down gets from it.
    /// </summary>
    private async Task SweepBackingOffAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                SendProbe();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void SendProbe()
    {
        var now = _time.GetTimestamp();
        // A probe lost on the way (its SMC deleted meanwhile, say) does not block the next one for long.
        if (Volatile.Read(ref _probe) is not null && _time.GetElapsedTime(Interlocked.Read(ref _probeSent), now) < TimeSpan.FromSeconds(30)) return;
        foreach (var key in _backingOff.Keys)
        {
            if (!_backingOff.TryRemove(key, out _)) continue;
            Interlocked.Exchange(ref _probeSent, now);
            Volatile.Write(ref _probe, key);
            _queue.Add(key);
            return;
        }
    }

    private async Task ResyncAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.ResyncPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                foreach (var informer in _smcInformers)
                    foreach (var smc in informer.List()) _queue.Add(ObjectKey.Of(smc));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnSmcChanged(SpiderMultusConfig? old, SpiderMultusConfig? current)
    {
        OperatorMetrics.ManagedSmcs.Set(_smcInformers.Sum(i => i.Count));
        var oldTarget = old is null ? null : TargetOf(old);
        var target = current is null ? null : TargetOf(current);
        if (oldTarget is not null && oldTarget != target)
        {
            // This SMC leaves the NAD (deleted, or another target): the SMCs that waited for it may take it now.
            foreach (var other in Untarget(oldTarget, ObjectKey.Of(old!))) _queue.Add(other);
        }
        if (current is null) return;
        var key = ObjectKey.Of(current);
        // Most SMCs target the NAD of their own name: one string serves as both keys.
        if (target == key) target = key;
        if (target is not null) Target(target, key);
        if (target is not null && _nads.Get(target) is { } nad) ShareStrings(nad, current);
        // Our own status writes come back as updates: they change nothing we render from, so skip them. A
        // relist may also pair a deleted object with its same-name successor: a new uid is a new object.
        if (old is not null && old.Metadata.Uid == current.Metadata.Uid && old.Metadata.Generation == current.Metadata.Generation
            && old.Metadata.DeletionTimestamp == current.Metadata.DeletionTimestamp
            && SameAnnotations(old.Metadata.Annotations, current.Metadata.Annotations)) return;
        _queue.Add(key);
    }

    private static string TargetOf(SpiderMultusConfig smc) => ObjectKey.Of(smc.Metadata.NamespaceProperty, NadRenderer.TargetName(smc));

    private void Target(string nadKey, string smcKey)
    {
        lock (_targetsLock)
        {
            if (!_targets.TryGetValue(nadKey, out var held)) _targets[nadKey] = smcKey;
            else if (held is HashSet<string> set) set.Add(smcKey);
            else if ((string)held != smcKey) _targets[nadKey] = new HashSet<string>(StringComparer.Ordinal) { (string)held, smcKey };
        }
    }

    /// <summary>Removes <paramref name="smcKey"/> from the NAD's set; returns the SMCs that still target it.</summary>
    private List<string> Untarget(string nadKey, string smcKey)
    {
        lock (_targetsLock)
        {
            if (!_targets.TryGetValue(nadKey, out var held)) return [];
            if (held is HashSet<string> set)
            {
                set.Remove(smcKey);
                // Back to the lean form once one is left.
                if (set.Count == 1) _targets[nadKey] = set.First();
                return [.. set];
            }
            // Drop the entry once none is left: one per name ever targeted would grow without bound under churn.
            if ((string)held == smcKey) _targets.Remove(nadKey);
            return (string)held == smcKey ? [] : [(string)held];
        }
    }

    private List<string> TargetsOf(string nadKey)
    {
        lock (_targetsLock)
        {
            return !_targets.TryGetValue(nadKey, out var held) ? [] : held is HashSet<string> set ? [.. set] : [(string)held];
        }
    }

    private void OnNadChanged(NetworkAttachmentDefinition? old, NetworkAttachmentDefinition? current)
    {
        var nad = current ?? old!;
        var ns = nad.Metadata.NamespaceProperty;
        foreach (var o in (old?.Metadata.OwnerReferences ?? []).Concat(current?.Metadata.OwnerReferences ?? []))
        {
            if (o.Controller == true && o.Kind == SpiderMultusConfig.KindName) _queue.Add(ObjectKey.Of(ns, o.Name));
        }
        foreach (var smcKey in TargetsOf(ObjectKey.Of(nad))) _queue.Add(smcKey);
        if (current is not null && NadOwnership.Controller(current.Metadata) is { Kind: SpiderMultusConfig.KindName } controller
            && CachedSmc(ObjectKey.Of(ns, controller.Name)) is { } smc) ShareStrings(current, smc);
    }

    /// <summary>The cached SMC of that key, or null.</summary>
    internal SpiderMultusConfig? CachedSmc(string key)
    {
        foreach (var informer in _smcInformers)
        {
            if (informer.Get(key) is { } smc) return smc;
        }
        return null;
    }

    /// <summary>
    /// A NAD's controller reference repeats its SMC's uid and name, and the NAD mostly bears the SMC's name: once both
    /// are cached, the NAD holds the SMC's strings instead of equal copies (136 bytes a NAD, 1.3 MiB at 10,000; done on
    /// the events of either, whichever is cached last). Only equal strings are swapped, so a reader on another thread
    /// (a worker, the webhook) sees the same value either way.
    /// </summary>
    private static void ShareStrings(NetworkAttachmentDefinition nad, SpiderMultusConfig smc)
    {
        var meta = smc.Metadata;
        foreach (var owner in nad.Metadata.OwnerReferences ?? [])
        {
            if (owner.Uid != meta.Uid || owner.Name != meta.Name) continue;
            owner.Uid = meta.Uid;
            owner.Name = meta.Name;
        }
        if (nad.Metadata.Name == meta.Name) nad.Metadata.Name = meta.Name;
    }

    private static bool SameAnnotations(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0)) return false;
        if (a is null || b is null) return true;
        return a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    public void Dispose() => _queue.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "caches synced: {Smcs} SpiderMultusConfigs, {Nads} NetworkAttachmentDefinitions; starting workers")]
    private partial void LogSynced(int smcs, int nads);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reconcile of {Key} could not reach the API server ({Reason}); retrying with back-off")]
    private partial void LogApiUnreachable(string key, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "reconcile of {Key} failed")]
    private partial void LogReconcileFailed(Exception e, string key);
}
