using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Kube;

/// <summary>
/// One <see cref="LeaseElector"/> on a <see cref="FakeTimeProvider"/>, stepped wait by wait: the elector reports each
/// wait once its timer exists, so after <see cref="StepAsync"/> the elector has done all it does before its next wait
/// and the test can look at the store and the callbacks. Real time appears only as hang guards.
/// </summary>
internal sealed class ElectorHarness : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();
    private readonly CancellationTokenSource _cancel = new();
    private readonly Lock _gate = new();
    private readonly List<string> _newLeaders = [];
    private Task<TimeSpan>? _pendingWait;

    public ElectorHarness(ILeaseStore store, string identity = "me", bool releaseOnCancel = true, double jitter = 0,
        Func<CancellationToken, Task>? work = null, DateTimeOffset? start = null, LeaseElectorOptions? options = null,
        ILogger<LeaseElector>? logger = null)
    {
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Options = options ?? new LeaseElectorOptions { Identity = identity, ReleaseOnCancel = releaseOnCancel };
        Elector = new LeaseElector(store, Options, new LeaderCallbacks
        {
            OnStartedLeading = async ct =>
            {
                Started.TrySetResult();
                if (work is not null) await work(ct);
                else await Task.Delay(Timeout.Infinite, ct);
            },
            OnStoppedLeading = () => Stopped.TrySetResult(),
            OnNewLeader = id => { lock (_gate) _newLeaders.Add(id); },
        }, Time, logger)
        {
            NextJitter = () => jitter,
        };
        Elector.Waiting += d => _waits.Writer.TryWrite(d);
    }

    public FakeTimeProvider Time { get; }

    public LeaseElectorOptions Options { get; }

    public LeaseElector Elector { get; }

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task? Run { get; private set; }

    public IReadOnlyList<string> NewLeaders
    {
        get { lock (_gate) return [.. _newLeaders]; }
    }

    /// <summary>Starts RunAsync; returns the first wait (null when the run ended first).</summary>
    public Task<TimeSpan?> StartAsync()
    {
        Run = Task.Run(() => Elector.RunAsync(_cancel.Token));
        return NextWaitAsync();
    }

    /// <summary>Advances the clock by the pending wait; returns the next wait, or null when the run ended instead.</summary>
    public async Task<TimeSpan?> StepAsync(TimeSpan wait)
    {
        Time.Advance(wait);
        return await NextWaitAsync();
    }

    /// <summary>The elector's next wait once its timer exists, or null when RunAsync ended instead.</summary>
    public async Task<TimeSpan?> NextWaitAsync()
    {
        _pendingWait ??= _waits.Reader.ReadAsync().AsTask();
        var first = await Task.WhenAny(_pendingWait, Run!).WaitAsync(HangGuard);
        if (first != _pendingWait) return null;
        var wait = await _pendingWait;
        _pendingWait = null;
        return wait;
    }

    /// <summary>Cancels the run and waits for it to end.</summary>
    public async Task CancelAsync()
    {
        await _cancel.CancelAsync();
        await Run!.WaitAsync(HangGuard);
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        if (Run is not null) await Run.WaitAsync(HangGuard);
        _cancel.Dispose();
    }
}
