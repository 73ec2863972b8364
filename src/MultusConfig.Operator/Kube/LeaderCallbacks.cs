namespace MultusConfig.Operator.Kube;

/// <summary>client-go's <c>LeaderCallbacks</c>, with the leading work as a task the elector can wait for.</summary>
public sealed class LeaderCallbacks
{
    /// <summary>
    /// The work of a leadership term, started on its own task when the Lease is acquired. Its token is cancelled when
    /// the term ends (renewal failed, or the run was cancelled); the elector waits for the task before it releases
    /// the Lease and before <see cref="LeaseElector.RunAsync"/> returns, so nothing guarded by the Lease still runs.
    /// </summary>
    public required Func<CancellationToken, Task> OnStartedLeading { get; init; }

    /// <summary>Called when <see cref="LeaseElector.RunAsync"/> ends, always, also when this replica never led (as in client-go).</summary>
    public Action? OnStoppedLeading { get; init; }

    /// <summary>Called on the elector's task when the observed holder changes, including the first holder observed.</summary>
    public Action<string>? OnNewLeader { get; init; }
}
