using Microsoft.Extensions.Logging;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MultusConfig.Operator.Admission;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>
/// The admission endpoints on a real Kestrel over HTTPS on 127.0.0.1 (random port), serving the certificate
/// through <see cref="IServerCertificateProvider"/> exactly as the operator wires it.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookHost(WebApplication app, HttpClient client, TestCa ca, ServerCertificateProvider provider, CapturingLoggerProvider logs)
    {
        _app = app;
        Client = client;
        Ca = ca;
        Certificates = provider;
        Logs = logs;
    }

    public HttpClient Client { get; }
    public TestCa Ca { get; }
    public ServerCertificateProvider Certificates { get; }
    public CapturingLoggerProvider Logs { get; }
    public IServiceProvider Services => _app.Services;
    public Uri BaseAddress => Client.BaseAddress!;
    public int Port => BaseAddress.Port;

    /// <param name="provider">The certificate source to serve from; by default one holding <see cref="Ca"/>'s serving certificate.</param>
    public static async Task<WebhookHost> StartAsync(INadOwnerLookup? owners = null, ServerCertificateProvider? provider = null)
    {
        var ca = new TestCa();
        if (provider is null)
        {
            provider = new ServerCertificateProvider();
            provider.Set(ca.Serving);
        }
        var logs = new CapturingLoggerProvider();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        // The operator's own TLS policy and server limits, so tests of this host prove what the operator serves.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => WebhookTls.Configure(listen, provider));
            WebhookServerLimits.Apply(kestrel.Limits);
        });
        builder.Services.AddAdmissionWebhooks();
        if (owners is not null) builder.Services.AddSingleton(owners);

        var app = builder.Build();
        app.MapAdmissionWebhooks();
        await app.StartAsync();
        var port = new Uri(app.Urls.Single()).Port;
        // "localhost" is one of the certificate's names, and this also proves the name check passes.
        var client = TestCa.ClientTrusting(ca.Ca, new Uri($"https://localhost:{port}"));
        return new WebhookHost(app, client, ca, provider, logs);
    }

    public async Task<(HttpStatusCode Status, JsonObject? Review, string Body)> PostAsync(string path, HttpContent content)
    {
        using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        JsonObject? review = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json") review = JsonNode.Parse(body)!.AsObject();
        return (response.StatusCode, review, body);
    }

    public Task<(HttpStatusCode Status, JsonObject? Review, string Body)> PostAsync(string path, string json) =>
        PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Sends a well-formed review and returns its response object, failing the test on anything else.</summary>
    public async Task<JsonObject> ReviewAsync(string path, JsonObject review)
    {
        var (status, answer, body) = await PostAsync(path, review.ToJsonString());
        Assert.True(status == HttpStatusCode.OK, $"HTTP {(int)status}: {body}");
        Assert.NotNull(answer);
        Assert.Equal("admission.k8s.io/v1", (string?)answer["apiVersion"]);
        Assert.Equal("AdmissionReview", (string?)answer["kind"]);
        var response = answer["response"]!.AsObject();
        Assert.Equal((string?)review["request"]?["uid"], (string?)response["uid"]);
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Ca.Dispose();
        Logs.Dispose();
    }
}
