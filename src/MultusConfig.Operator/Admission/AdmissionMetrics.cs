using Prometheus;

namespace MultusConfig.Operator.Admission;

/// <summary>Webhook metrics. prometheus-net returns the existing collector for a name, so several hosts in one test process share them.</summary>
internal static class AdmissionMetrics
{
    private static readonly Counter Requests = Metrics.CreateCounter(
        "webhook_requests_total",
        "Admission requests answered, by webhook path, operation and whether the request was allowed.",
        new CounterConfiguration { LabelNames = ["webhook", "operation", "allowed"] });

    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "webhook_request_duration_seconds",
        "Time from receiving an admission request to writing the answer.",
        new HistogramConfiguration { LabelNames = ["webhook"] });

    /// <summary>Creates the series of one webhook at zero, so that they exist before its first request (see OperatorMetrics.Initialize).</summary>
    public static void Initialize(string webhook)
    {
        foreach (var operation in new[] { AdmissionOperations.Create, AdmissionOperations.Update, AdmissionOperations.Delete })
        {
            Requests.WithLabels(webhook, operation, "true");
            Requests.WithLabels(webhook, operation, "false");
        }
        Duration.WithLabels(webhook);
        MalformedRequestLog.Initialize(webhook);
        LargeReviewLane.Initialize();
    }

    public static void Observe(string webhook, string? operation, bool allowed, TimeSpan elapsed)
    {
        var op = AdmissionOperations.IsKnown(operation) ? operation! : "unknown";
        Requests.WithLabels(webhook, op, allowed ? "true" : "false").Inc();
        Duration.WithLabels(webhook).Observe(elapsed.TotalSeconds);
    }
}
