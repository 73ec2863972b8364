using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>
/// The webhook as the API server double calls it: reached through a Service name over HTTPS, trusted only
/// through the caBundle the certificate service published, its patch applied and its denial shown to the client.
/// </summary>
public sealed class WebhookThroughApiServerTests : IAsyncLifetime
{
    private const string Namespace = "kube-system";
    private const string Service = "multus-config-webhook";
    private ApiServerDouble _server = null!;
    private Kubernetes _client = null!;
    private WebhookHost _webhook = null!;

    public async Task InitializeAsync()
    {
        _server = await ApiServerDouble.StartAsync();
        _server.LoadManifests(
            Path.Combine(RepoRoot, "deploy", "crds", "spidermultusconfigs.spiderpool.spidernet.io.yaml"),
            Path.Combine(RepoRoot, "tests", "fixtures", "crds", "network-attachment-definitions.k8s.cni.cncf.io.yaml"));
        _client = _server.CreateClient();
        await RegisterWebhooksAsync();

        // The Secret as the manifests ship it (empty): the operator fills it but may not create it.
        await _client.CoreV1.CreateNamespacedSecretAsync(new k8s.Models.V1Secret { Metadata = new() { Name = "multus-config-webhook-cert" }, Type = "Opaque" }, Namespace);
        var provider = new ServerCertificateProvider();
        using var certificates = new ManagedCertificateService(
            new KubernetesCertificateSecretStore(OperatorClients.For(_server), Namespace, "multus-config-webhook-cert"),
            new WebhookCaBundlePublisher(OperatorClients.For(_server), "multus-config-mutating", "multus-config-validating", NullLogger<WebhookCaBundlePublisher>.Instance),
            provider, new ServingCertificateNames(Service, Namespace), new WebhookCertificateSettings(), TimeProvider.System, NullLogger<ManagedCertificateService>.Instance);
        await certificates.ReconcileOnceAsync(CancellationToken.None);
        _webhook = await WebhookHost.StartAsync(provider: provider);
        _server.MapService(Namespace, Service, localPort: _webhook.Port);
    }

    public async Task DisposeAsync()
    {
        await _webhook.DisposeAsync();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private async Task RegisterWebhooksAsync()
    {
        V1RuleWithOperations[] rules = [new() { ApiGroups = ["spiderpool.spidernet.io"], ApiVersions = ["v2beta1"], Resources = ["spidermultusconfigs"], Operations = ["CREATE", "UPDATE"] }];
        Admissionregistrationv1WebhookClientConfig Config(string path) =>
            new() { Service = new Admissionregistrationv1ServiceReference { Name = Service, NamespaceProperty = Namespace, Path = path, Port = 443 } };
        await _client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(new V1MutatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = "multus-config-mutating" },
            Webhooks = [new V1MutatingWebhook
            {
                Name = "spidermultusconfig.spiderpool.spidernet.io", ClientConfig = Config(Reviews.MutatePath), Rules = rules,
                FailurePolicy = "Fail", SideEffects = "None", AdmissionReviewVersions = ["v1"],
            }],
        });
        await _client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new V1ValidatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = "multus-config-validating" },
            Webhooks = [new V1ValidatingWebhook
            {
                Name = "spidermultusconfig.spiderpool.spidernet.io", ClientConfig = Config(Reviews.ValidatePath), Rules = rules,
                FailurePolicy = "Fail", SideEffects = "None", AdmissionReviewVersions = ["v1"],
            }],
        });
    }

    private Task<object> CreateAsync(JsonObject smc) =>
        _client.CustomObjects.CreateNamespacedCustomObjectAsync(smc, "spiderpool.spidernet.io", "v2beta1", "default", "spidermultusconfigs");

    [Fact]
    public async Task Create_ThroughTheApiServer_StoresTheWebhooksDefaults()
    {
        var smc = Reviews.Smc("rdma-net", """{"cniType":"sriov","sriov":{"resourceName":"nvidia/rdma","ippools":{"ipv4":["pool"]}}}""",
            annotations: """{"cni.spidernet.io/rdma-resource-inject":"rdma-group"}""");
        smc["metadata"]!.AsObject().Remove("uid");

        await CreateAsync(smc);

        var stored = _server.Get("spiderpool.spidernet.io/v2beta1", "SpiderMultusConfig", "default", "rdma-net")!;
        // Only the mutating webhook sets this label; the CRD has no say in metadata.
        Assert.Equal("rdma-group", (string?)stored["metadata"]!["labels"]!["cni.spidernet.io/rdma-resource-inject"]);
        Assert.Equal(false, (bool?)stored["spec"]!["sriov"]!["ippools"]!["matchMasterSubnet"]);
    }

    [Fact]
    public async Task Create_InvalidObjectThroughTheApiServer_IsRefusedWithEveryError()
    {
        var smc = Reviews.Smc("bad-net", """{"cniType":"macvlan","macvlan":{"master":[]},"coordinator":{"podMACPrefix":"zz:00","hijackCIDR":["nope"]}}""");
        smc["metadata"]!.AsObject().Remove("uid");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(smc));

        Assert.Equal((HttpStatusCode)422, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        var message = (string)status["message"]!;
        Assert.Contains("denied the request", message, StringComparison.Ordinal);
        Assert.Contains("SpiderMultusConfig.spiderpool.spidernet.io \"bad-net\" is invalid: [", message, StringComparison.Ordinal);
        Assert.Contains("spec.coordinator.podMACPrefix", message, StringComparison.Ordinal);
        Assert.Contains("spec.coordinator.hijackCIDR[0]", message, StringComparison.Ordinal);
        Assert.Null(_server.Get("spiderpool.spidernet.io/v2beta1", "SpiderMultusConfig", "default", "bad-net"));
    }

    [Fact]
    public async Task Create_with_spec_ipam_and_a_mode_through_the_api_server_stores_them_as_written()
    {
        const string ipam = """{"type":"host-local","ranges":[[{"subnet":"10.250.0.0/24","rangeStart":"10.250.0.100"}]],"routes":[{"dst":"10.99.0.0/16","gw":"10.250.0.1"}]}""";
        var smc = Reviews.Smc("hl-net", $$"""{"cniType":"macvlan","enableCoordinator":false,"macvlan":{"master":["ens192"],"mode":"vepa"},"ipam":{{ipam}}}""");
        smc["metadata"]!.AsObject().Remove("uid");

        await CreateAsync(smc);

        var stored = _server.Get("spiderpool.spidernet.io/v2beta1", "SpiderMultusConfig", "default", "hl-net")!;
        Assert.Equal("vepa", (string?)stored["spec"]!["macvlan"]!["mode"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ipam), stored["spec"]!["ipam"]), stored["spec"]!["ipam"]?.ToJsonString());
    }

    [Fact]
    public async Task Create_with_an_invalid_spec_ipam_is_refused_with_every_error_at_its_path()
    {
        var smc = Reviews.Smc("bad-ipam", """{"cniType":"macvlan","disableIPAM":true,"macvlan":{"master":["ens192"],"ippools":{"ipv4":["p"]}},"ipam":{"type":"static","ranges":[],"addresses":[{"address":"10.250.0.10","gateway":"10.9.0.1"}],"routes":[{"dst":"10.99.0.1/16"}]}}""");
        smc["metadata"]!.AsObject().Remove("uid");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => CreateAsync(smc));

        Assert.Equal((HttpStatusCode)422, error.Response.StatusCode);
        var message = (string)JsonNode.Parse(error.Response.Content)!["message"]!;
        foreach (var path in new[] { "spec.ipam.ranges: Forbidden", "spec.ipam.addresses[0].address: Invalid value", "spec.ipam.routes[0].dst: Invalid value", "spec.macvlan.ippools: Forbidden", "spec.disableIPAM: Invalid value" })
            Assert.Contains(path, message, StringComparison.Ordinal);
        Assert.Null(_server.Get("spiderpool.spidernet.io/v2beta1", "SpiderMultusConfig", "default", "bad-ipam"));
    }

    [Fact]
    public async Task Removing_the_last_finalizer_of_an_invalid_smc_being_deleted_is_admitted_and_the_smc_goes()
    {
        // An invalid SMC stored while the webhooks did not cover CREATE (they were down, or older).
        await SetValidatedOperationsAsync("DELETE");
        var smc = Reviews.Smc("bad-net", """{"cniType":"macvlan","macvlan":{"master":["a","b"]}}""");
        smc["metadata"]!.AsObject().Remove("uid");
        smc["metadata"]!["finalizers"] = new JsonArray("example.com/cleanup");
        await CreateAsync(smc);
        await SetValidatedOperationsAsync("CREATE", "UPDATE");
        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync("spiderpool.spidernet.io", "v2beta1", "default", "spidermultusconfigs", "bad-net");

        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""[{"op":"remove","path":"/metadata/finalizers"}]""", V1Patch.PatchType.JsonPatch),
            "spiderpool.spidernet.io", "v2beta1", "default", "spidermultusconfigs", "bad-net");

        Assert.Null(_server.Get("spiderpool.spidernet.io/v2beta1", "SpiderMultusConfig", "default", "bad-net"));
    }

    /// <summary>Sets the operations both webhooks (mutating and validating) intercept.</summary>
    private async Task SetValidatedOperationsAsync(params string[] operations)
    {
        var patch = new V1Patch(new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/webhooks/0/rules/0/operations", ["value"] = new JsonArray([.. operations.Select(o => (JsonNode)o)]) }).ToJsonString(), V1Patch.PatchType.JsonPatch);
        await _client.AdmissionregistrationV1.PatchMutatingWebhookConfigurationAsync(patch, "multus-config-mutating");
        await _client.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(patch, "multus-config-validating");
    }

    private static string RepoRoot { get; } = FindRoot();

    private static string FindRoot() => MultusConfig.Testing.RepositoryRoot.Path;
}
