namespace MultusConfig.Operator.Kube;

/// <summary>
/// client-go's <c>LeaderElectionConfig</c> (tools/leaderelection/leaderelection.go) less the lock, which is the
/// <see cref="ILeaseStore"/>: the same three durations with the same defaults and the same checks.
/// </summary>
public sealed class LeaseElectorOptions
{
    /// <summary>client-go's <c>JitterFactor</c>: an acquire round waits RetryPeriod plus up to 1.2 × RetryPeriod.</summary>
    public const double JitterFactor = 1.2;

    /// <summary>The holderIdentity this replica writes (the pod name).</summary>
    public required string Identity { get; init; }

    /// <summary>How long a standby waits without observing a change of the Lease before it takes it over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader stops leading when no renewal has succeeded for this long.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The interval between attempts, to acquire (jittered) and to renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// On cancellation while leading, write the Lease with an empty holder and a 1 s duration so a standby takes over
    /// at once. The elector does it only after the leading work (<see cref="LeaderCallbacks.OnStartedLeading"/>) has
    /// ended, which is the condition client-go puts on its caller.
    /// </summary>
    public bool ReleaseOnCancel { get; init; }

    /// <summary>client-go's <c>NewLeaderElector</c> checks.</summary>
    internal void Validate()
    {
        if (string.IsNullOrEmpty(Identity)) throw new ArgumentException("the lease identity is empty", nameof(Identity));
        if (LeaseDuration <= TimeSpan.Zero) throw new ArgumentException("leaseDuration must be greater than zero", nameof(LeaseDuration));
        if (RenewDeadline <= TimeSpan.Zero) throw new ArgumentException("renewDeadline must be greater than zero", nameof(RenewDeadline));
        if (RetryPeriod <= TimeSpan.Zero) throw new ArgumentException("retryPeriod must be greater than zero", nameof(RetryPeriod));
        if (LeaseDuration <= RenewDeadline) throw new ArgumentException("leaseDuration must be greater than renewDeadline", nameof(LeaseDuration));
        if (RenewDeadline <= RetryPeriod * JitterFactor) throw new ArgumentException("renewDeadline must be greater than retryPeriod*JitterFactor", nameof(RenewDeadline));
    }
}
