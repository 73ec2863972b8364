using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MultusConfig.ApiServer.Tests;

/// <summary>
/// A real HTTPS admission webhook for the tests: its own self-signed certificate (for a Service DNS
/// name and 127.0.0.1), AdmissionReview v1 in and out, and a per-test decision function.
/// </summary>
internal sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookServer(WebApplication app, X509Certificate2 cert)
    {
        _app = app;
        Certificate = cert;
    }

    public X509Certificate2 Certificate { get; }

    public int Port { get; private set; }

    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>Decides for a request: returns the "response" object without uid (allowed, status, patch...).</summary>
    public Func<JsonObject, JsonObject> Decide { get; set; } = _ => new JsonObject { ["allowed"] = true };

    public TimeSpan Delay { get; set; }

    public string CaBundle => Convert.ToBase64String(Encoding.UTF8.GetBytes(Certificate.ExportCertificatePem()));

    public string Url(string path = "/validate") => $"https://127.0.0.1:{Port}{path}";

    public static async Task<WebhookServer> StartAsync(string serviceDnsName = "smc-webhook.kube-system.svc")
    {
        var cert = SelfSignedCertificate.Create("webhook", [serviceDnsName, "localhost"], [IPAddress.Loopback]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(cert)));
        var app = builder.Build();
        var server = new WebhookServer(app, cert);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var review = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        var request = review["request"]!.AsObject();
        request["path"] = context.Request.Path.Value;
        Requests.Enqueue(request);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }
        var response = Decide(request);
        response["uid"] = request["uid"]!.GetValue<string>();
        var answer = new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    public static string Patch(string jsonPatch) => Convert.ToBase64String(Encoding.UTF8.GetBytes(jsonPatch));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}
