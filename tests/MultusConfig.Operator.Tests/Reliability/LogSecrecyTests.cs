using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Tests.Admission;
using MultusConfig.Operator.Tests.Controller;
using Xunit.Abstractions;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The operator, logging everything down to Trace, goes through creating its managed certificate Secret,
/// answering webhook requests (valid, invalid and malformed) and reconciling SMCs into NADs; no log line
/// may carry a private key, a value of the certificate Secret, or the API bearer token.
/// </summary>
public sealed class LogSecrecyTests(ITestOutputHelper output)
{
    private const string OperatorNamespace = "multus-config-system";

    [Fact]
    public async Task Trace_logs_of_certificate_creation_webhook_requests_and_reconciles_hold_no_key_secret_value_or_token()
    {
        await using var fixture = await OperatorFixture.StartAsync();
        var logs = new CapturingLoggerProvider();
        var app = OperatorHost.Build(
            new OperatorOptions
            {
                BindAddress = "127.0.0.1",
                HealthPort = 0,
                WebhookPort = 0,
                MetricsBindAddress = "127.0.0.1:0",
                LeaderElect = false,
                PodNamespace = OperatorNamespace,
                PodName = "operator-logs",
                Workers = 2,
            },
            OperatorClients.For(fixture.Server, "operator-logs"),
            services =>
            {
                // Only the capturing provider, at Trace for every category: what any sink would be given.
                services.RemoveAll<ILoggerProvider>();
                services.AddSingleton<ILoggerProvider>(logs);
                services.Configure<LoggerFilterOptions>(o =>
                {
                    o.Rules.Clear();
                    o.MinLevel = LogLevel.Trace;
                });
            });
        await app.StartAsync();
        try
        {
            var secret = await OperatorFixture.EventuallyAsync(ReadCertificateSecretAsync, s => s.Data?.ContainsKey(CertificateBundle.TlsKeyKey) == true,
                "the operator stores its managed certificate Secret", seconds: 60);
            await ExerciseWebhooksAsync(app, secret);
            await ExerciseReconcilesAsync();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        var lines = logs.Entries.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}").ToList();
        output.WriteLine($"{lines.Count} log entries captured");
        Assert.Contains(logs.Entries, e => e.Category.Contains("Certificate", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Category.Contains("Admission", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Trace);

        var finalSecret = await ReadCertificateSecretAsync();
        foreach (var (needle, what) in Secrets(finalSecret!))
        {
            var leak = lines.FirstOrDefault(l => l.Contains(needle, StringComparison.Ordinal));
            Assert.True(leak is null, $"a log line holds {what}: {leak?[..Math.Min(leak.Length, 500)]}");
        }

        async Task<V1Secret?> ReadCertificateSecretAsync()
        {
            try
            {
                return await fixture.Client.CoreV1.ReadNamespacedSecretAsync("multus-config-webhook-cert", OperatorNamespace);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }
        }

        async Task ExerciseReconcilesAsync()
        {
            await fixture.CreateSmcAsync("logs-ok", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""");
            await fixture.CreateSmcAsync("logs-sriov", """{"cniType":"sriov","sriov":{"resourceName":"nvidia/rdma"}}""");
            await fixture.CreateSmcAsync("logs-bad", """{"cniType":"custom","customCNI":"{not json"}""");
            await OperatorFixture.EventuallyAsync(() => fixture.GetNadAsync("logs-ok"), _ => true, "the operator reconciles an SMC into its NAD", seconds: 60);
            await OperatorFixture.EventuallyAsync(() => fixture.GetNadAsync("logs-sriov"), _ => true, "the operator reconciles a second SMC", seconds: 60);
            await OperatorFixture.EventuallyAsync(async () => await fixture.GetSmcAsync("logs-bad"), s => s.Status is not null,
                "the operator records a status for the SMC it cannot render", seconds: 60);
        }
    }

    /// <summary>Valid, invalid and malformed reviews to both webhooks over HTTPS, trusting the CA from the Secret.</summary>
    private static async Task ExerciseWebhooksAsync(WebApplication app, V1Secret secret)
    {
        var port = Listeners.Address(app.Services, Listeners.Webhook)!.Port;
        using var ca = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(secret.Data[CertificateBundle.CaCrtKey]));
        using var client = TestCa.ClientTrusting(ca, new Uri($"https://localhost:{port}"));
        // The Secret is written before the certificate is handed to Kestrel: wait until the handshake succeeds.
        await OperatorFixture.EventuallyAsync(async () =>
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                return (object?)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, _ => true, "the webhook port serves the managed certificate", seconds: 60);
        string[] bodies =
        [
            Reviews.Review("CREATE", Reviews.Smc("w1", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""", ns: "team1")).ToJsonString(),
            Reviews.Review("CREATE", Reviews.Smc("w2", """{"cniType":"macvlan","macvlan":{"master":[]}}""", ns: "team1")).ToJsonString(),
            """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u"}}""",
            "not json",
        ];
        foreach (var path in new[] { Reviews.ValidatePath, Reviews.MutatePath })
        {
            foreach (var body in bodies)
            {
                using var content = new StringContent(body, new MediaTypeHeaderValue("application/json"));
                // The API server sends no credentials to webhooks; a caller that does must not see them logged.
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiServerOptions.AdminToken);
                using var response = await client.SendAsync(request);
                Assert.True((int)response.StatusCode is 200 or 400, $"HTTP {(int)response.StatusCode}");
            }
        }
    }

    /// <summary>Every value of the certificate Secret as stored (base64), the base64 lines (16+ characters, too long to match by chance) inside its key PEMs, and the bearer token.</summary>
    private static IEnumerable<(string Needle, string What)> Secrets(V1Secret secret)
    {
        yield return ("PRIVATE KEY", "a private key PEM");
        yield return (ApiServerOptions.AdminToken, "the kubeconfig's bearer token");
        foreach (var (key, value) in secret.Data)
        {
            yield return (Convert.ToBase64String(value), $"the Secret's {key} as stored");
            if (!key.EndsWith(".key", StringComparison.Ordinal)) continue;
            foreach (var line in Encoding.ASCII.GetString(value).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (!line.StartsWith("-----", StringComparison.Ordinal) && line.Length >= 16) yield return (line, $"a line of the {key} PEM");
        }
    }
}
