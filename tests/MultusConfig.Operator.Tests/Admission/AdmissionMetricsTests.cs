using Prometheus;

namespace MultusConfig.Operator.Tests.Admission;

public sealed class AdmissionMetricsTests
{
    [Fact]
    public async Task Requests_AreCountedByWebhookOperationAndOutcome_AndTimed()
    {
        await using var host = await WebhookHost.StartAsync();
        await host.ReviewAsync(Reviews.ValidatePath, Reviews.Review("CREATE", Reviews.Smc("metrics-net", """{"cniType":"macvlan"}""")));

        using var scrape = new MemoryStream();
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(scrape);
        var text = System.Text.Encoding.UTF8.GetString(scrape.ToArray());

        Assert.Contains("webhook_requests_total{webhook=\"/validate-spiderpool-spidernet-io-v2beta1-spidermultusconfig\",operation=\"CREATE\",allowed=\"false\"}", text, StringComparison.Ordinal);
        Assert.Contains("webhook_request_duration_seconds_count{webhook=\"/validate-spiderpool-spidernet-io-v2beta1-spidermultusconfig\"}", text, StringComparison.Ordinal);
    }
}
