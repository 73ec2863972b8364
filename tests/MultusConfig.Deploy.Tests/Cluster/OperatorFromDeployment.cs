using System.Collections;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Kube;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Cluster;

/// <summary>
/// One operator replica, in-process, configured by <see cref="OptionsParser"/> from exactly the args and
/// environment of the rendered Deployment's container (downward-API values resolved as the kubelet would).
/// </summary>
internal static class OperatorFromDeployment
{
    /// <summary>The User-Agent of the operator's client, so the request log tells its requests from the test's and kubectl's.</summary>
    public const string UserAgent = "multus-config-operator-under-test";

    public static (IReadOnlyList<string> Args, Dictionary<string, string> Environment) Container(List<JsonObject> objects, string podName)
    {
        var deployment = Single(objects, "Deployment");
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var args = container["args"]?.AsArray().Select(a => Str(a)!).ToList() ?? [];
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in container["env"]?.AsArray() ?? [])
        {
            var name = Str(e!["name"])!;
            env[name] = Str(e["value"]) ?? Str(e["valueFrom"]?["fieldRef"]?["fieldPath"]) switch
            {
                "metadata.namespace" => Str(deployment["metadata"]!["namespace"])!,
                "metadata.name" => podName,
                var other => throw new InvalidOperationException($"env {name}: the test does not resolve {other}"),
            };
        }
        return (args, env);
    }

    public static OperatorOptions Parse(List<JsonObject> objects, string podName)
    {
        var (args, env) = Container(objects, podName);
        var (options, errors) = OptionsParser.Parse(args, (IDictionary)env);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        return options;
    }

    public static async Task<WebApplication> StartAsync(ApiServerDouble server, List<JsonObject> objects, string podName, string? certDir = null)
    {
        var options = Parse(objects, podName);
        // TEST-ONLY OVERRIDES, the only differences from the Deployment: tests share a machine, so the
        // servers bind to 127.0.0.1 on ports the OS picks, and the client reaches the double (there is no
        // in-cluster service account here) with a User-Agent of its own.
        options.BindAddress = "127.0.0.1";
        options.WebhookPort = 0;
        options.HealthPort = 0;
        options.MetricsBindAddress = "127.0.0.1:0";
        // TEST-ONLY: in cert-manager mode the Deployment mounts the Secret at --cert-dir; here a folder of the test.
        if (certDir is not null)
        {
            Assert.NotNull(options.CertDir);
            options.CertDir = certDir;
        }
        var client = new KubeClient(new KubeConnection
        {
            Server = server.HttpsUrl,
            CertificateAuthorities = [server.Certificate],
            Token = BearerToken.Fixed(ApiServerOptions.AdminToken),
            UserAgent = UserAgent,
        });
        var app = OperatorHost.Build(options, client);
        await app.StartAsync();
        return app;
    }

    /// <summary>The health listener for "http", the webhook's for "https", the metrics listener for "metrics".</summary>
    public static Uri Address(WebApplication app, string scheme) =>
        Listeners.Address(app.Services, scheme switch { "http" => Listeners.Health, "https" => Listeners.Webhook, _ => scheme })!;

    public static async Task StopAsync(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
