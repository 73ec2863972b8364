using k8s.Models;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// client-go's <c>resourcelock.LeaderElectionRecord</c>: the Lease spec as the elector reasons about it. Value equality
/// stands for client-go's byte comparison of the marshalled record ("has the record changed since we looked").
/// Times are kept to the microsecond, the precision of a Lease's MicroTime, so our own write reads back equal.
/// </summary>
internal readonly record struct LeaderElectionRecord(
    string HolderIdentity, int LeaseDurationSeconds, DateTime? AcquireTime, DateTime? RenewTime, int LeaderTransitions,
    string? PreferredHolder = null, string? Strategy = null)
{
    public static LeaderElectionRecord From(V1LeaseSpec? spec) => spec is null
        ? new("", 0, null, null, 0)
        : new(spec.HolderIdentity ?? "", spec.LeaseDurationSeconds ?? 0, Micro(spec.AcquireTime), Micro(spec.RenewTime),
            spec.LeaseTransitions ?? 0, spec.PreferredHolder, spec.Strategy);

    /// <summary>client-go's <c>LeaderElectionRecordToLeaseSpec</c>: every field written, the holder too when empty.</summary>
    public V1LeaseSpec ToSpec() => new()
    {
        HolderIdentity = HolderIdentity,
        LeaseDurationSeconds = LeaseDurationSeconds,
        AcquireTime = AcquireTime,
        RenewTime = RenewTime,
        LeaseTransitions = LeaderTransitions,
        PreferredHolder = string.IsNullOrEmpty(PreferredHolder) ? null : PreferredHolder,
        Strategy = string.IsNullOrEmpty(Strategy) ? null : Strategy,
    };

    /// <summary>A UTC time truncated to the microsecond.</summary>
    public static DateTime? Micro(DateTime? time)
    {
        if (time is not { } t) return null;
        var utc = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }
}
