using MultusConfig.Operator.Metrics;

namespace MultusConfig.Operator.Controller;

/// <summary>Metrics named as controller-runtime names them, so existing dashboards work.</summary>
public static class OperatorMetrics
{
    private static readonly MetricRegistry Metrics = MetricRegistry.Default;

    public static readonly Gauge WorkQueueDepth = Metrics.CreateGauge("workqueue_depth", "Keys waiting in the work queue.", "name");
    public static readonly Counter WorkQueueAdds = Metrics.CreateCounter("workqueue_adds_total", "Keys added to the work queue.", "name");
    public static readonly Counter WorkQueueRetries = Metrics.CreateCounter("workqueue_retries_total", "Keys re-added with back-off.", "name");
    public static readonly Counter ReconcileTotal = Metrics.CreateCounter("controller_runtime_reconcile_total", "Reconciles by result.", "controller", "result");
    public static readonly Counter ReconcileErrors = Metrics.CreateCounter("controller_runtime_reconcile_errors_total", "Reconciles that failed.", "controller");
    public static readonly Histogram ReconcileTime = Metrics.CreateHistogram("controller_runtime_reconcile_time_seconds", "Time per reconcile.",
        Histogram.ExponentialBuckets(0.0005, 2, 16), "controller");
    public static readonly Counter NadWrites = Metrics.CreateCounter("multus_config_nad_writes_total", "Writes of NetworkAttachmentDefinitions by kind.", "kind");
    public static readonly Counter StatusWrites = Metrics.CreateCounter("multus_config_status_writes_total", "Status updates of SpiderMultusConfigs.");
    public static readonly Counter EventsDropped = Metrics.CreateCounter("multus_config_events_dropped_total", "Events not sent because the buffer was full (events are best effort, as in client-go).");
    public static readonly Gauge LeaderStatus = Metrics.CreateGauge("leader_election_master_status", "1 while this replica leads.", "name");
    public static readonly Counter MemoryTrims = Metrics.CreateCounter("multus_config_memory_trims_total", "Full compacting collections run when the process went quiet after a burst of work, giving memory back.");
    public static readonly Gauge ManagedSmcs = Metrics.CreateGauge("multus_config_smcs", "SpiderMultusConfigs in the cache.");

    /// <summary>
    /// Creates every series whose labels are known in advance, at zero, as controller-runtime does: an alert on
    /// a rate of errors or retries must see a series before the first error, not an absent one.
    /// </summary>
    public static void Initialize(string controller, string leaseName)
    {
        WorkQueueDepth.WithLabels(controller);
        WorkQueueAdds.WithLabels(controller);
        WorkQueueRetries.WithLabels(controller);
        foreach (var outcome in Enum.GetValues<ReconcileOutcome>()) ReconcileTotal.WithLabels(controller, OutcomeLabel(outcome));
        ReconcileErrors.WithLabels(controller);
        ReconcileTime.WithLabels(controller);
        foreach (var kind in new[] { "create", "update", "adopt" }) NadWrites.WithLabels(kind);
        LeaderStatus.WithLabels(leaseName);
        // Unlabelled families (status writes, dropped events, SMCs) have their one series from creation.
    }

    /// <summary>The <c>result</c> label of an outcome: its name, without boxing the enum per reconcile.</summary>
    public static string OutcomeLabel(ReconcileOutcome outcome) =>
        (uint)outcome < (uint)OutcomeNames.Length ? OutcomeNames[(int)outcome] : outcome.ToString();

    private static readonly string[] OutcomeNames = Enum.GetNames<ReconcileOutcome>();
}
