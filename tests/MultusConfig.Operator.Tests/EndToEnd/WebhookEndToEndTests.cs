using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.EndToEnd;

/// <summary>
/// The deployment as a cluster has it: webhook configurations registered, the operator managing its
/// certificate and caBundle, and the real kubectl applying manifests through the API server double.
/// </summary>
public class WebhookEndToEndTests
{
    private const string Ns = "multus-config-system";
    private const string Service = "multus-config-webhook";

    internal static async Task<(OperatorFixture Fixture, Kubectl Kubectl)> StartAsync(Action<MultusConfig.Operator.Hosting.OperatorOptions>? configure = null)
    {
        var f = await OperatorFixture.StartAsync();
        await RegisterWebhooksAsync(f.Client);
        var app = await f.StartOperatorAsync(configure);
        f.Server.MapService(Ns, Service, WebhookPort(app));
        // The operator writes its CA into both configurations; until then the API server cannot call it.
        await OperatorFixture.EventuallyAsync(() => f.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("multus-config-validating"),
            c => c.Webhooks[0].ClientConfig.CaBundle?.Length > 0, "caBundle published");
        await OperatorFixture.EventuallyAsync(() => f.Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync("multus-config-mutating"),
            c => c.Webhooks[0].ClientConfig.CaBundle?.Length > 0, "caBundle published");
        // A replica publishes its CA before it serves a certificate of it; a real cluster routes to the pod only
        // once /readyz passes, which needs the serving certificate, and the double calls the port directly.
        var certificates = app.Services.GetRequiredService<MultusConfig.Operator.Certificates.IServerCertificateProvider>();
        await OperatorFixture.EventuallyAsync(() => Task.FromResult(certificates.Current is null ? null : "loaded"), _ => true, "serving certificate loaded");
        return (f, new Kubectl(f.Server));
    }

    [Theory]
    [InlineData("macvlan-ens192", """{"cniVersion":"0.3.1","name":"macvlan-ens192","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""")]
    [InlineData("ipvlan-ens192", """{"cniVersion":"0.3.1","name":"ipvlan-ens192","plugins":[{"type":"ipvlan","master":"ens192","ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""")]
    public async Task Kubectl_apply_of_a_documented_example_gives_the_documented_nad(string name, string expected)
    {
        var (f, kubectl) = await StartAsync();
        await using var _ = f;
        using var __ = kubectl;

        var apply = await kubectl.RunAsync("apply", "-f", Path.Combine(OperatorFixture.RepoRoot, "examples", name + ".yaml"));
        Assert.True(apply.ExitCode == 0, apply.Stderr);

        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync(name, "kube-system"), n => true, "NAD created");
        var config = await kubectl.RunAsync("get", "network-attachment-definitions", "-n", "kube-system", name, "-o", "jsonpath={.spec.config}");
        Assert.Equal(expected, config.Stdout);
        var yaml = await kubectl.RunAsync("get", "network-attachment-definitions", "-n", "kube-system", name, "-o", "yaml");
        Assert.Contains("kind: SpiderMultusConfig", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("controller: true", yaml.Stdout, StringComparison.Ordinal);
        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync(name, "kube-system"), s => s.Status?.Conditions?.Any(c => c.Status == "True") == true, "Ready");
        var table = (await kubectl.RunAsync("get", "smc", "-n", "kube-system", name)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "CNI", "TYPE", "NAD", "READY", "AGE"], table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal([name, name.Split('-')[0], name, "True"], table[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..4]);
    }

    [Fact]
    public async Task Kubectl_apply_of_an_invalid_smc_is_refused_with_every_error_listed()
    {
        var (f, kubectl) = await StartAsync();
        await using var _ = f;
        using var __ = kubectl;
        var file = kubectl.WriteFile("bad.yaml", """
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderMultusConfig
            metadata:
              name: bad
              namespace: team1
            spec:
              cniType: macvlan
              macvlan:
                master: [eth0, eth1]
              coordinator:
                podMACPrefix: "zz:00"
                hijackCIDR: ["10.0.0.1/8"]
            """);

        var apply = await kubectl.RunAsync("apply", "-f", file);

        Assert.NotEqual(0, apply.ExitCode);
        Assert.Contains("spec.macvlan.bond", apply.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.coordinator.podMACPrefix", apply.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.coordinator.hijackCIDR[0]", apply.Stderr, StringComparison.Ordinal);
        Assert.Null(await f.GetNadAsync("bad"));
    }

    [Fact]
    public async Task One_kubectl_apply_shows_every_error_smc_validate_gives_even_when_the_schema_also_fails()
    {
        var (f, kubectl) = await StartAsync();
        await using var _ = f;
        using var __ = kubectl;
        const string manifest = """
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderMultusConfig
            metadata:
              name: bad
              namespace: team1
            spec:
              cniType: macvlan
              macvlan:
                master: [eth0]
                vlanID: 5000
              coordinator:
                podMACPrefix: "zz:00"
                hijackCIDR: ["10.0.0.1/8"]
                podRPFilter: 7
            """;
        var file = kubectl.WriteFile("bad.yaml", manifest);
        var document = MultusConfig.Core.Manifests.ManifestReader.Read(System.Text.Encoding.UTF8.GetBytes(manifest)).Documents.Single().Manifest;
        var expected = MultusConfig.Core.Pipeline.SmcProcessor.Process(document, "default", MultusConfig.Core.Pipeline.RenderProfile.Documented).Errors;
        Assert.True(expected.Count >= 4, string.Join("\n", expected));

        var apply = await kubectl.RunAsync("apply", "-f", file);

        // kubectl prints a 422 Invalid with causes as "The <Kind> "<name>" is invalid:" and one "* field: message" line per cause.
        Assert.NotEqual(0, apply.ExitCode);
        Assert.StartsWith("The SpiderMultusConfig \"bad\" is invalid: \n", apply.Stderr, StringComparison.Ordinal);
        var lines = apply.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(expected.Select(e => "* " + e), lines);
        Assert.Null(f.Server.Get(MultusConfig.Core.Api.SpiderMultusConfig.GroupVersion, MultusConfig.Core.Api.SpiderMultusConfig.KindName, "team1", "bad"));
    }

    [Fact]
    public async Task The_mutating_webhook_stores_the_meaningful_defaults_only()
    {
        var (f, kubectl) = await StartAsync();
        await using var _ = f;
        using var __ = kubectl;
        var file = kubectl.WriteFile("vlan.yaml", """
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderMultusConfig
            metadata:
              name: v
              namespace: team1
            spec:
              cniType: vlan
              vlan:
                master: [eth0]
                vlanID: 5
            """);
        Assert.Equal(0, (await kubectl.RunAsync("apply", "-f", file)).ExitCode);

        var stored = await f.GetSmcAsync("v");
        Assert.Equal(("manual", true, false), (stored!.Spec!.Vlan!.VlanMode, stored.Spec.EnableCoordinator, stored.Spec.DisableIpam));
        Assert.Null(stored.Spec.Coordinator);
        Assert.Null(stored.Spec.Vlan.Mtu);
    }

    [Fact]
    public async Task Changing_cr_name_on_update_is_refused_by_the_webhook()
    {
        var (f, kubectl) = await StartAsync();
        await using var _ = f;
        using var __ = kubectl;
        await f.CreateSmcAsync("net-a", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""", """{"multus.spidernet.io/cr-name":"blue"}""");

        var result = await kubectl.RunAsync("annotate", "smc", "-n", "team1", "net-a", "--overwrite", "multus.spidernet.io/cr-name=green");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("multus.spidernet.io/cr-name", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_standby_replicas_webhook_refuses_a_nad_name_another_smc_controls()
    {
        await using var f = await OperatorFixture.StartAsync();
        await RegisterWebhooksAsync(f.Client);
        void Elect(MultusConfig.Operator.Hosting.OperatorOptions o)
        {
            o.LeaderElect = true;
            o.LeaseDuration = TimeSpan.FromSeconds(2);
            o.RenewDeadline = TimeSpan.FromSeconds(1.5);
            o.RetryPeriod = TimeSpan.FromSeconds(0.5);
        }
        var leader = await f.StartOperatorAsync(o => { Elect(o); o.PodName = "leader"; });
        await OperatorFixture.EventuallyAsync(f.ReadLeaseAsync, l => l.Spec.HolderIdentity == "leader", "leader elected");
        var standby = await f.StartOperatorAsync(o => { Elect(o); o.PodName = "standby"; });
        f.Server.MapService(Ns, Service, WebhookPort(standby));
        await OperatorFixture.EventuallyAsync(() => f.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("multus-config-validating"),
            c => c.Webhooks[0].ClientConfig.CaBundle?.Length > 0, "caBundle published");
        using var kubectl = new Kubectl(f.Server);
        // The caBundle can be published before the standby has loaded the certificate it serves; until it
        // has, the API server cannot call its webhook and refuses the write (failurePolicy: Fail).
        await OperatorFixture.EventuallyAsync<KubectlResult>(async () => await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("first.yaml", Smc("first"))), r => r.ExitCode == 0,
            "the first SMC is admitted once the standby serves its certificate");
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("shared"), n => true, "the leader creates the NAD");

        // The standby has no controller, but its NAD cache knows who controls "shared".
        await OperatorFixture.EventuallyAsync(async () => (await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("second.yaml", Smc("second")))).Stderr,
            e => e.Contains("already exists and is managed by SpiderMultusConfig team1/first", StringComparison.Ordinal), "second SMC refused");
        Assert.NotNull(leader);

        static string Smc(string name) => $$"""
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderMultusConfig
            metadata:
              name: {{name}}
              namespace: team1
              annotations:
                multus.spidernet.io/cr-name: shared
            spec:
              cniType: macvlan
              macvlan:
                master: [ens192]
            """;
    }

    internal static int WebhookPort(WebApplication app)
    {
        return MultusConfig.Operator.Hosting.Listeners.Address(app.Services, MultusConfig.Operator.Hosting.Listeners.Webhook)!.Port;
    }

    internal static async Task RegisterWebhooksAsync(Kubernetes client)
    {
        V1RuleWithOperations[] rules = [new() { ApiGroups = ["spiderpool.spidernet.io"], ApiVersions = ["v2beta1"], Resources = ["spidermultusconfigs"], Operations = ["CREATE", "UPDATE"] }];
        await client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(new V1MutatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = "multus-config-mutating" },
            Webhooks =
            [
                new V1MutatingWebhook
                {
                    Name = "mutate.spidermultusconfig.multus-config.io",
                    ClientConfig = new Admissionregistrationv1WebhookClientConfig { Service = new Admissionregistrationv1ServiceReference { NamespaceProperty = Ns, Name = Service, Path = "/mutate-spiderpool-spidernet-io-v2beta1-spidermultusconfig" } },
                    Rules = rules, SideEffects = "None", AdmissionReviewVersions = ["v1"], FailurePolicy = "Fail", TimeoutSeconds = 5,
                },
            ],
        });
        await client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new V1ValidatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = "multus-config-validating" },
            Webhooks =
            [
                new V1ValidatingWebhook
                {
                    Name = "validate.spidermultusconfig.multus-config.io",
                    ClientConfig = new Admissionregistrationv1WebhookClientConfig { Service = new Admissionregistrationv1ServiceReference { NamespaceProperty = Ns, Name = Service, Path = "/validate-spiderpool-spidernet-io-v2beta1-spidermultusconfig" } },
                    Rules = rules, SideEffects = "None", AdmissionReviewVersions = ["v1"], FailurePolicy = "Fail", TimeoutSeconds = 5,
                },
            ],
        });
    }
}
