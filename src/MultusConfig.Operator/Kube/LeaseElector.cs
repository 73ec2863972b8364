using System.Runtime.ExceptionServices;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// Leader election on a coordination.k8s.io Lease with client-go's semantics (tools/leaderelection/leaderelection.go,
/// resourcelock/leaselock.go), replacing KubernetesClient's <c>LeaderElector</c>/<c>LeaseLock</c>, which are not
/// trim- or AOT-safe:
/// <list type="bullet">
/// <item>acquire: try at once, then every RetryPeriod plus a jitter of up to 1.2 × RetryPeriod;</item>
/// <item>a Lease held by another is expired when our own clock says its leaseDurationSeconds have passed since we last
/// OBSERVED a change of the record; its renewTime is never compared with our clock, so clock skew does not matter;</item>
/// <item>renew every RetryPeriod; stop leading when no renewal has succeeded within RenewDeadline;</item>
/// <item>leaseTransitions + 1 when the holder changes; acquireTime kept while the holder stays;</item>
/// <item>every write carries the resourceVersion read (or written) last: a 409 is a round not won;</item>
/// <item>ReleaseOnCancel: empty holder and a 1 s duration, only while the Lease is still ours.</item>
/// </list>
/// Failed requests are a lost round, logged, never thrown. Every clock and delay is the <see cref="TimeProvider"/>'s.
/// </summary>
public sealed partial class LeaseElector
{
    private readonly ILeaseStore _store;
    private readonly LeaseElectorOptions _options;
    private readonly LeaderCallbacks _callbacks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>The record observed last and when (client-go's observedRecord/observedTime); replaced whole, read anywhere.</summary>
    private volatile Observation _observed = new(LeaderElectionRecord.From(null), DateTimeOffset.MinValue);

    /// <summary>The Lease object of the last successful request: its resourceVersion makes the next write optimistic.</summary>
    private V1Lease? _lease;

    private string _reportedLeader = "";
    private volatile bool _leading;

    public LeaseElector(ILeaseStore store, LeaseElectorOptions options, LeaderCallbacks callbacks, TimeProvider? time = null, ILogger<LeaseElector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(callbacks);
        options.Validate();
        _store = store;
        _options = options;
        _callbacks = callbacks;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<LeaseElector>.Instance;
    }

    /// <summary>True from the acquisition of the Lease until the end of the term (renewal failed or cancelled).</summary>
    public bool IsLeading => _leading;

    /// <summary>The holder of the Lease as last observed; empty when none was observed (client-go's GetLeader).</summary>
    public string Leader => _observed.Record.HolderIdentity;

    /// <summary>Jitter source in [0, 1); tests fix it.</summary>
    internal Func<double> NextJitter { get; set; } = Random.Shared.NextDouble;

    /// <summary>Raised with the length of every wait, after the wait has started (its timer exists): tests advance a fake clock then.</summary>
    internal event Action<TimeSpan>? Waiting;

    /// <summary>Raised when a term has been cancelled and the elector starts waiting for its work: tests look at the Lease then.</summary>
    internal event Action? WaitingForTerm;

    /// <summary>
    /// client-go's <c>Run</c>: acquires the Lease, runs <see cref="LeaderCallbacks.OnStartedLeading"/> and renews until a
    /// renewal misses the deadline or <paramref name="cancellationToken"/> is cancelled; then ends the term, waits for
    /// the leading work, releases the Lease if configured and cancelled, and calls OnStoppedLeading. It returns (does
    /// not throw) on cancellation; it rethrows what the leading work threw. Call it again to contend again.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await AcquireAsync(cancellationToken).ConfigureAwait(false)) return;
            await LeadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _callbacks.OnStoppedLeading?.Invoke();
        }
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        Exception? failure = null;
        using (var term = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            _leading = true;
            var work = Task.Run(() => _callbacks.OnStartedLeading(term.Token), CancellationToken.None);
            try
            {
                await RenewAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await term.CancelAsync().ConfigureAwait(false);
                WaitingForTerm?.Invoke();
                try
                {
                    await work.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (term.IsCancellationRequested)
                {
                }
#pragma warning disable CA1031 // rethrown below, once the Lease is released
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failure = e;
                }
                _leading = false;
            }
        }
        // Only now, with the leading work ended, may a successor start: client-go leaves this condition to its caller.
        if (_options.ReleaseOnCancel && cancellationToken.IsCancellationRequested) await ReleaseAsync().ConfigureAwait(false);
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>client-go's <c>acquire</c>: a round at once, then one per jittered RetryPeriod until one wins; false when cancelled.</summary>
    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        LogAcquiring(_options.Identity);
        while (!cancellationToken.IsCancellationRequested)
        {
            bool acquired;
            // client-go bounds a request by its HTTP client's timeout; ours is RenewDeadline so a hung request cannot stall the loop.
            using (var timeout = new CancellationTokenSource(_options.RenewDeadline, _time))
            using (var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                acquired = await TryAcquireOrRenewAsync(round.Token).ConfigureAwait(false);
            }
            ReportTransition();
            // Won even if cancelled meanwhile: the term then ends at once and, with ReleaseOnCancel, gives the Lease back.
            if (acquired)
            {
                LogAcquired(_options.Identity);
                return true;
            }
            var period = _options.RetryPeriod + (_options.RetryPeriod * (NextJitter() * LeaseElectorOptions.JitterFactor));
            if (!await WaitAsync(period, cancellationToken).ConfigureAwait(false)) break;
        }
        return false;
    }

    /// <summary>client-go's <c>renew</c>: one renewal per RetryPeriod, each retried every RetryPeriod within RenewDeadline.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var renewed = await RenewWithinDeadlineAsync(cancellationToken).ConfigureAwait(false);
            ReportTransition();
            if (cancellationToken.IsCancellationRequested) return;
            if (!renewed)
            {
                LogRenewFailed(_options.Identity, _options.RenewDeadline);
                return;
            }
            if (!await WaitAsync(_options.RetryPeriod, cancellationToken).ConfigureAwait(false)) return;
        }
    }

    private async Task<bool> RenewWithinDeadlineAsync(CancellationToken cancellationToken)
    {
        var start = _time.GetUtcNow();
        using var deadline = new CancellationTokenSource(_options.RenewDeadline, _time);
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        while (!poll.IsCancellationRequested && _time.GetUtcNow() - start < _options.RenewDeadline)
        {
            if (await TryAcquireOrRenewAsync(poll.Token).ConfigureAwait(false)) return true;
            if (!await WaitAsync(_options.RetryPeriod, poll.Token).ConfigureAwait(false)) break;
        }
        return false;
    }

    /// <summary>client-go's <c>tryAcquireOrRenew</c>, step for step; true when we hold the Lease after it.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var clock = _time.GetUtcNow();
        var now = Micro(clock);
        var desired = new LeaderElectionRecord(_options.Identity, (int)_options.LeaseDuration.TotalSeconds, now, now, 0);

        // 1. The leader's fast path: write over the object we wrote last, assuming nobody else did.
        if (IsHolder && IsLeaseValid(clock) && _lease is { } last)
        {
            var observed = _observed.Record;
            try
            {
                await WriteAsync(last, desired with { AcquireTime = observed.AcquireTime, LeaderTransitions = observed.LeaderTransitions }, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (IsRequestFailure(e))
            {
                // Someone wrote it since, or the request failed: the slow path reads it and says what is wrong.
            }
        }

        // 2. Read the Lease, or create it.
        V1Lease? current;
        try
        {
            current = await _store.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRequestFailure(e))
        {
            RequestFailed("get", e, cancellationToken);
            return false;
        }
        if (current is null)
        {
            try
            {
                var created = await _store.CreateAsync(new V1Lease { Metadata = new V1ObjectMeta(), Spec = desired.ToSpec() }, cancellationToken).ConfigureAwait(false);
                _lease = created;
                Observe(desired);
                return true;
            }
            catch (Exception e) when (IsRequestFailure(e))
            {
                RequestFailed("create", e, cancellationToken);
                return false;
            }
        }
        _lease = current;

        // 3. The clock of expiry restarts whenever the record changes.
        var old = LeaderElectionRecord.From(current.Spec);
        if (old != _observed.Record) Observe(old);
        if (old.HolderIdentity.Length > 0 && IsLeaseValid(clock) && !IsHolder) return false;

        // 4. Take it over (a new term) or renew it (same term).
        desired = IsHolder
            ? desired with { AcquireTime = old.AcquireTime, LeaderTransitions = old.LeaderTransitions }
            : desired with { LeaderTransitions = old.LeaderTransitions + 1 };
        try
        {
            await WriteAsync(current, desired, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsRequestFailure(e))
        {
            RequestFailed("update", e, cancellationToken);
            return false;
        }
    }

    /// <summary>
    /// client-go's <c>release</c>: within RenewDeadline, read the Lease and, while it is still ours, write it with an empty
    /// holder and a 1 s duration (transitions kept) over the resourceVersion just read; a 409 means a renewal of ours
    /// raced the cancellation, so read and try again. Best effort: on failure the Lease expires as usual.
    /// </summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
        while (true)
        {
            try
            {
                var current = await _store.GetAsync(timeout.Token).ConfigureAwait(false);
                if (current is null) return;
                var old = LeaderElectionRecord.From(current.Spec);
                if (old.HolderIdentity != _options.Identity) return;
                var now = Micro(_time.GetUtcNow());
                await WriteAsync(current, new LeaderElectionRecord("", 1, now, now, old.LeaderTransitions), timeout.Token).ConfigureAwait(false);
                LogReleased(_options.Identity);
                return;
            }
            catch (KubeApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict && !timeout.IsCancellationRequested)
            {
            }
            catch (Exception e) when (IsRequestFailure(e))
            {
                LogReleaseFailed(Describe(e));
                return;
            }
        }
    }

    /// <summary>PUT the record over <paramref name="basis"/> (its metadata and resourceVersion); observe what was written.</summary>
    private async Task WriteAsync(V1Lease basis, LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        var lease = new V1Lease { ApiVersion = basis.ApiVersion, Kind = basis.Kind, Metadata = basis.Metadata, Spec = record.ToSpec() };
        _lease = await _store.ReplaceAsync(lease, cancellationToken).ConfigureAwait(false);
        Observe(record);
    }

    /// <summary>client-go's <c>maybeReportTransition</c>.</summary>
    private void ReportTransition()
    {
        var holder = _observed.Record.HolderIdentity;
        if (holder == _reportedLeader) return;
        _reportedLeader = holder;
        _callbacks.OnNewLeader?.Invoke(holder);
    }

    /// <summary>False when cancelled.</summary>
    private async Task<bool> WaitAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return false;
        var delay = Task.Delay(period, _time, cancellationToken);
        Waiting?.Invoke(period);
        try
        {
            await delay.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>client-go's IsLeader: the record observed last names us.</summary>
    private bool IsHolder => _observed.Record.HolderIdentity == _options.Identity;

    private bool IsLeaseValid(DateTimeOffset now)
    {
        var observed = _observed;
        return observed.Time + TimeSpan.FromSeconds(observed.Record.LeaseDurationSeconds) > now;
    }

    private void Observe(LeaderElectionRecord record) => _observed = new(record, _time.GetUtcNow());

    private static DateTime Micro(DateTimeOffset time) => LeaderElectionRecord.Micro(time.UtcDateTime)!.Value;

    /// <summary>What a Lease request may fail with: an API answer, the network, or a timeout (also the round's own).</summary>
    private static bool IsRequestFailure(Exception e) =>
        e is KubeApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException;

    /// <summary>A request cut short by the end of the run or of the round is no failure to report: the round is lost either way.</summary>
    private void RequestFailed(string verb, Exception e, CancellationToken cancellationToken)
    {
        if (!cancellationToken.IsCancellationRequested) LogRequestFailed(verb, Describe(e));
    }

    /// <summary>One escaped line: the API answer (status, reason, message) or the failure's type and message; no stack trace for an expected failure.</summary>
    private static string Describe(Exception e) =>
        Admission.LogText.Of(e is KubeApiException ? e.Message : $"{e.GetType().Name}: {e.Message}", 512);

    private sealed record Observation(LeaderElectionRecord Record, DateTimeOffset Time);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Identity} is attempting to acquire the lease")]
    private partial void LogAcquiring(string identity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Identity} acquired the lease")]
    private partial void LogAcquired(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not renew the lease within {Deadline}")]
    private partial void LogRenewFailed(string identity, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Warning, Message = "lease request failed ({Verb}): {Error}")]
    private partial void LogRequestFailed(string verb, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released the lease (empty holder); a standby can take over at once")]
    private partial void LogReleased(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not release the lease on shutdown ({Error}); it expires after the lease duration")]
    private partial void LogReleaseFailed(string error);
}
