using MultusConfig.Operator.Metrics;

namespace MultusConfig.Operator.Tests.Admission;

public sealed class AdmissionMetricsTests
{
    [Fact]
    public async Task Requests_AreCountedByWebhookOperationAndOutcome_AndTimed()
    {
        await using var host = await WebhookHost.StartAsync();
        await host.ReviewAsync(Reviews.ValidatePath, Reviews.Review("CREATE", Reviews.Smc("metrics-net", """{"cniType":"macvlan"}""")));

        var text = MetricRegistry.Default.Export();

        Assert.Contains("webhook_requests_total{webhook=\"/validate-spiderpool-spidernet-io-v2beta1-spidermultusconfig\",operation=\"CREATE\",allowed=\"false\"}", text, StringComparison.Ordinal);
        Assert.Contains("webhook_request_duration_seconds_count{webhook=\"/validate-spiderpool-spidernet-io-v2beta1-spidermultusconfig\"}", text, StringComparison.Ordinal);
    }
}
