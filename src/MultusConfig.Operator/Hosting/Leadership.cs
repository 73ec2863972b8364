using MultusConfig.Operator.Controller;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// What this replica is doing now: leading (with a running controller) or standing by. Readiness
/// reads it; the controller service writes it.
/// </summary>
public sealed class Leadership
{
    private volatile SmcController? _controller;

    public bool IsLeader { get; private set; }

    public SmcController? Controller => _controller;

    /// <summary>Ready when leading with synced caches, or when standing by as a non-leader.</summary>
    public bool IsReady => !IsLeader || (_controller?.HasSynced ?? false);

    /// <summary>The <c>name</c> label of leader_election_master_status.</summary>
    internal const string LeaseMetricName = "multus-config-operator";

    internal void Lead(SmcController controller)
    {
        _controller = controller;
        IsLeader = true;
        OperatorMetrics.LeaderStatus.WithLabels(LeaseMetricName).Set(1);
    }

    internal void StandBy()
    {
        IsLeader = false;
        _controller = null;
        OperatorMetrics.LeaderStatus.WithLabels(LeaseMetricName).Set(0);
    }
}
