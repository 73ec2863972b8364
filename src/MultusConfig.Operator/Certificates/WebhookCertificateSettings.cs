namespace MultusConfig.Operator.Certificates;

/// <summary>Lifetimes and intervals of the operator-managed certificates; settable so tests can shorten them instead of sleeping.</summary>
public sealed record WebhookCertificateSettings
{
    public TimeSpan CaLifetime { get; init; } = TimeSpan.FromDays(3650);
    public TimeSpan ServingLifetime { get; init; } = TimeSpan.FromDays(365);

    /// <summary>A certificate is replaced once this fraction of its lifetime has passed, leaving a third as margin for a failing renewal.</summary>
    public double RenewAtFraction { get; init; } = 2.0 / 3.0;

    /// <summary>
    /// How often the Secret and the webhook configurations are re-read even when nothing is due: picks up a
    /// certificate another replica renewed, and restores a caBundle that a re-applied manifest emptied.
    /// </summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after a CA change the previous CA stays in the Secret and every caBundle. It must exceed the time a
    /// replica takes to load the new certificate: at once on the Secret's watch event, at the latest at its next
    /// recheck if the watch is down; five rechecks leave a wide margin. A replica cut off from the API server for
    /// longer still serves a certificate of the old CA and is refused until it reconnects.
    /// </summary>
    public TimeSpan CaOverlap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First wait after a failed attempt (API server unreachable, RBAC missing); doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>cert-dir mode: periodic re-read, because a mounted Secret changes by a symlink swap that file watchers can miss.</summary>
    public TimeSpan CertDirPollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Issue dates are set this far in the past so a node whose clock lags a little still accepts a fresh certificate.</summary>
    public TimeSpan ClockSkewAllowance { get; init; } = TimeSpan.FromMinutes(5);

    public DateTimeOffset RenewalTime(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        notBefore + (notAfter - notBefore) * RenewAtFraction;
}
