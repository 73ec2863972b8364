using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.EndToEnd;

public class HealthAndMetricsTests
{
    [Fact]
    public async Task With_metrics_secure_false_health_readiness_and_metrics_are_served_on_the_plain_port_and_webhooks_are_not()
    {
        await using var f = await OperatorFixture.StartAsync();
        var app = await f.StartOperatorAsync(o => o.MetricsSecure = false);
        await f.CreateSmcAsync("net-a", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-a"), n => true, "NAD created");
        using var http = new HttpClient { BaseAddress = new Uri(PlainUrl(app)) };

        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        // Ready once the serving certificate is loaded too, which may come after the first NAD on a loaded machine.
        await OperatorFixture.EventuallyAsync(async () =>
        {
            using var readyz = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            return await readyz.Content.ReadAsStringAsync();
        }, body => body == "ok", "/readyz answers ok");
        var metrics = await http.GetStringAsync("/metrics");
        foreach (var name in new[] { "workqueue_depth", "workqueue_adds_total", "controller_runtime_reconcile_total", "controller_runtime_reconcile_time_seconds", "multus_config_nad_writes_total", "leader_election_master_status" })
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        var webhookOverPlainHttp = await http.PostAsync("/validate-spiderpool-spidernet-io-v2beta1-spidermultusconfig", new StringContent("{}"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, webhookOverPlainHttp.StatusCode);
    }

    private static string PlainUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal));
}
