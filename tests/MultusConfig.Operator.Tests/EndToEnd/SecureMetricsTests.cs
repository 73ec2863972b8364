using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MultusConfig.ApiServer;
using MultusConfig.ApiServer.Authorization;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.EndToEnd;

/// <summary>
/// /metrics by default: HTTPS on its own port with the webhook's certificate, for bearer tokens the API server
/// authenticates (TokenReview) and authorizes for get on /metrics (SubjectAccessReview) — the double runs RBAC
/// and the shipped ClusterRole multus-config-metrics-reader is what grants it.
/// </summary>
public class SecureMetricsTests
{
    private static async Task<(OperatorFixture Fixture, WebApplication App)> StartAsync()
    {
        var f = await OperatorFixture.StartAsync(new ApiServerOptions
        {
            Tokens = new Dictionary<string, UserInfo>(StringComparer.Ordinal)
            {
                [ApiServerOptions.AdminToken] = UserInfo.Admin,
                ["prometheus-token"] = UserInfo.ForToken("system:serviceaccount:monitoring:prometheus", []),
                ["nobody-token"] = UserInfo.ForToken("nobody", []),
            },
            Authorization = AuthorizationMode.Rbac,
            AllowAnonymous = false,
        });
        await f.Server.LoadManifestsAsync(Path.Combine(OperatorFixture.RepoRoot, "deploy", "rbac", "metrics_reader_role.yaml"));
        await f.Server.CreateAsync(System.Text.Json.Nodes.JsonNode.Parse("""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"prometheus-metrics"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"multus-config-metrics-reader"},
             "subjects":[{"kind":"ServiceAccount","name":"prometheus","namespace":"monitoring"}]}
            """)!.AsObject());
        return (f, await f.StartOperatorAsync());
    }

    /// <summary>A client that records the certificate the server presented (the operator's own CA signs it; the test compares, not trusts).</summary>
    private static HttpClient Client(WebApplication app, List<X509Certificate2> seen) => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate is not null) seen.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
            return true;
        },
    }) { BaseAddress = Listeners.Address(app.Services, Listeners.Metrics) };

    private static async Task<HttpResponseMessage> ScrapeAsync(HttpClient http, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Metrics_need_a_token_the_api_server_authenticates_and_the_metrics_reader_role()
    {
        var (f, app) = await StartAsync();
        await using var _ = f;
        var seen = new List<X509Certificate2>();
        using var http = Client(app, seen);
        // The listener serves once the serving certificate exists.
        var anonymous = await OperatorFixture.EventuallyAsync(async () =>
        {
            try { return await ScrapeAsync(http, null); }
            catch (HttpRequestException) { return null; }
        }, _ => true, "the metrics port answers");

        using var unknown = await ScrapeAsync(http, "not-a-token");
        using var nobody = await ScrapeAsync(http, "nobody-token");
        using var prometheus = await ScrapeAsync(http, "prometheus-token");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, nobody.StatusCode);
        Assert.Equal("Authorization denied for user nobody", (await nobody.Content.ReadAsStringAsync()).Trim());
        Assert.Equal(HttpStatusCode.OK, prometheus.StatusCode);
        Assert.Contains("controller_runtime_reconcile_total", await prometheus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The webhook's certificate, served on the metrics port too.
        var webhookCertificate = app.Services.GetRequiredService<IServerCertificateProvider>().Current!;
        Assert.All(seen, c => Assert.Equal(webhookCertificate.Thumbprint, c.Thumbprint));
        anonymous.Dispose();
    }

    [Fact]
    public async Task Metrics_are_not_served_on_the_plain_health_port_by_default()
    {
        var (f, app) = await StartAsync();
        await using var _ = f;
        using var http = new HttpClient { BaseAddress = Listeners.Address(app.Services, Listeners.Health) };

        using var metrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Equal("ok", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [Fact]
    public async Task Repeated_scrapes_with_one_token_cost_one_TokenReview_and_one_SubjectAccessReview()
    {
        var (f, app) = await StartAsync();
        await using var _ = f;
        var seen = new List<X509Certificate2>();
        using var http = Client(app, seen);
        await OperatorFixture.EventuallyAsync(async () =>
        {
            try { return await ScrapeAsync(http, "prometheus-token"); }
            catch (HttpRequestException) { return null; }
        }, r => r.StatusCode == HttpStatusCode.OK, "a first scrape");

        for (var i = 0; i < 5; i++)
        {
            using var again = await ScrapeAsync(http, "prometheus-token");
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Equal(1, f.Server.Requests.Count("create", "tokenreviews"));
        Assert.Equal(1, f.Server.Requests.Count("create", "subjectaccessreviews"));
    }
}
