using MultusConfig.Operator.Metrics;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// Webhook metrics, all in one class so that its first use creates every family (the unlabelled ones at zero).
/// They are static, so several hosts in one test process share them.
/// </summary>
internal static class AdmissionMetrics
{
    private static readonly MetricRegistry Metrics = MetricRegistry.Default;

    private static readonly Counter Requests = Metrics.CreateCounter(
        "webhook_requests_total",
        "Admission requests answered, by webhook path, operation and whether the request was allowed.",
        "webhook", "operation", "allowed");

    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "webhook_request_duration_seconds",
        "Time from receiving an admission request to writing the answer.",
        Histogram.DefaultBuckets, "webhook");

    /// <summary>Counted by <see cref="MalformedRequestLog"/>.</summary>
    public static readonly Counter Malformed = Metrics.CreateCounter(
        "webhook_malformed_requests_total", "Admission requests that were not a usable AdmissionReview (answered 400, 413 or with a denial).", "webhook");

    /// <summary>Kept by <see cref="LargeReviewLane"/>.</summary>
    public static readonly Gauge LargeRequestsWaiting = Metrics.CreateGauge(
        "webhook_large_requests_waiting", $"Admission requests over {LargeReviewLane.ThresholdBytes} bytes waiting for their turn to be parsed.");

    /// <summary>Kept by <see cref="LargeBodyBudget"/>.</summary>
    public static readonly Gauge LargeBodyBytesInFlight = Metrics.CreateGauge(
        "webhook_large_body_bytes_in_flight", "Bytes of buffers held by admission request bodies over the large-review threshold.");

    /// <summary>Counted by <see cref="LargeBodyBudget"/>.</summary>
    public static readonly Counter Shed = Metrics.CreateCounter(
        "webhook_requests_shed_total", "Admission requests answered 429 because the in-flight large-body budget was spent.");

    /// <summary>Creates the series of one webhook at zero, so that they exist before its first request (see OperatorMetrics.Initialize).</summary>
    public static void Initialize(string webhook)
    {
        foreach (var operation in new[] { AdmissionOperations.Create, AdmissionOperations.Update, AdmissionOperations.Delete })
        {
            Requests.WithLabels(webhook, operation, "true");
            Requests.WithLabels(webhook, operation, "false");
        }
        Duration.WithLabels(webhook);
        Malformed.WithLabels(webhook);
    }

    public static void Observe(string webhook, string? operation, bool allowed, TimeSpan elapsed)
    {
        var op = AdmissionOperations.IsKnown(operation) ? operation! : "unknown";
        Requests.WithLabels(webhook, op, allowed ? "true" : "false").Inc();
        Duration.WithLabels(webhook).Observe(elapsed.TotalSeconds);
    }
}
