using k8s;
using MultusConfig.ApiServer;
using MultusConfig.Deploy.Tests.Cluster;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Rbac;

/// <summary>
/// The rendered RBAC is exactly what the operator uses: an end-to-end run against the double records
/// every request the operator's client sends, each must be granted, and each grant must be used.
/// </summary>
public class RbacScenarioTests
{
    private const string Ns = "multus-config-system";

    /// <summary>
    /// Grants no request of the operator exercises, each with the reason it is still needed.
    /// The authorization check of OwnerReferencesPermissionEnforcement is made by the API server on
    /// NAD writes that set blockOwnerDeletion, never sent as a request of its own.
    /// </summary>
    private static readonly Dictionary<string, string> GrantedWithoutARequest = new(StringComparer.Ordinal)
    {
        ["ClusterRole/multus-config-operator: update spiderpool.spidernet.io/spidermultusconfigs/finalizers"] =
            "checked by the OwnerReferencesPermissionEnforcement admission plugin when a NAD sets blockOwnerDeletion on its SMC",
        ["ClusterRole/multus-config-operator: get core/namespaces"] =
            "sent only with --namespace (the shipped Deployment watches all): the start-up check that each named namespace exists (MissingNamespaceWarningTests)",
    };

    [Fact]
    public async Task Every_request_of_an_end_to_end_run_is_granted_and_every_grant_is_used()
    {
        await using var cluster = await DeployedCluster.StartAsync();
        await RunScenarioAsync(cluster);

        AssertExactlySufficient(cluster);
    }

    [Fact]
    public async Task In_cert_manager_mode_every_request_is_granted_and_every_grant_is_used()
    {
        await using var cluster = await DeployedCluster.StartAsync("cert-manager");
        var (certDir, caPem) = TestCertificate.WriteServing($"multus-config-webhook.{Ns}.svc");
        try
        {
            await InjectCaAsync(cluster, caPem);
            var a = await OperatorFromDeployment.StartAsync(cluster.Server, cluster.Objects, "multus-config-operator-a", certDir);
            var b = await OperatorFromDeployment.StartAsync(cluster.Server, cluster.Objects, "multus-config-operator-b", certDir);
            try
            {
                await RunWorkloadAsync(cluster, a);
            }
            finally
            {
                await OperatorFromDeployment.StopAsync(b);
                await OperatorFromDeployment.StopAsync(a);
            }
        }
        finally
        {
            Directory.Delete(certDir, recursive: true);
        }

        AssertExactlySufficient(cluster);
        Assert.Null(cluster.Server.Get("v1", "Secret", Ns, "multus-config-webhook-cert"));
    }

    private static void AssertExactlySufficient(DeployedCluster cluster)
    {
        var grants = RbacRules.Of(cluster.Objects, "multus-config-operator", Ns);
        var accesses = OperatorRequests(cluster).Select(Access.From).ToList();
        Assert.DoesNotContain(null, accesses); // no discovery or other non-resource URLs
        var denied = accesses.Where(a => !grants.Any(g => g.Allows(a!))).Select(a => a!.ToString()).Distinct().ToList();
        var unused = grants.Where(g => !accesses.Any(a => g.Allows(a!))).Select(g => g.ToString())
            .Where(g => !GrantedWithoutARequest.ContainsKey(g)).ToList();

        Assert.True(denied.Count == 0, "missing permissions:\n" + string.Join("\n", denied));
        Assert.True(unused.Count == 0, "unused permissions:\n" + string.Join("\n", unused));
        // The exception is real: the operator's NADs do set blockOwnerDeletion.
        var nad = cluster.Server.Get("k8s.cni.cncf.io/v1", "NetworkAttachmentDefinition", "team1", "net-a")!;
        Assert.True((bool)nad["metadata"]!["ownerReferences"]![0]!["blockOwnerDeletion"]!);
        Assert.All(GrantedWithoutARequest.Keys, k => Assert.Contains(k, grants.Select(g => g.ToString())));
    }

    /// <summary>
    /// Two replicas from the Deployment (one leads) through <see cref="RunWorkloadAsync"/>, then a restart
    /// over an emptied certificate Secret.
    /// </summary>
    private static async Task RunScenarioAsync(DeployedCluster cluster)
    {
        var kubectl = cluster.Kubectl;
        var a = await OperatorFromDeployment.StartAsync(cluster.Server, cluster.Objects, "multus-config-operator-a");
        var b = await OperatorFromDeployment.StartAsync(cluster.Server, cluster.Objects, "multus-config-operator-b");
        try
        {
            await RunWorkloadAsync(cluster, a);
        }
        finally
        {
            await OperatorFromDeployment.StopAsync(b);
            await OperatorFromDeployment.StopAsync(a);
        }

        // An admin empties the Secret to force a new certificate; the restarted replica rewrites it.
        Ok(await kubectl.RunAsync("patch", "secret", "-n", Ns, "multus-config-webhook-cert", "--type=merge", "-p", """{"data":null}"""));
        var again = await OperatorFromDeployment.StartAsync(cluster.Server, cluster.Objects, "multus-config-operator-a");
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(cluster.Server.Get("v1", "Secret", Ns, "multus-config-webhook-cert")?["data"] is not null), "the Secret is rewritten");
            cluster.Server.MapService(Ns, "multus-config-webhook", OperatorFromDeployment.Address(again, "https").Port);
            await WebhooksServeAsync(cluster);
        }
        finally
        {
            await OperatorFromDeployment.StopAsync(again);
        }
    }

    /// <summary>SMCs applied through the webhooks of replica <paramref name="webhook"/>, a NAD deleted and one edited behind the operator's back, a Lease renewal.</summary>
    private static async Task RunWorkloadAsync(DeployedCluster cluster, Microsoft.AspNetCore.Builder.WebApplication webhook)
    {
        var kubectl = cluster.Kubectl;
        Ok(await kubectl.RunAsync("create", "namespace", "team1"));
        cluster.Server.MapService(Ns, "multus-config-webhook", OperatorFromDeployment.Address(webhook, "https").Port);
        await WebhooksServeAsync(cluster);
        Ok(await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("smcs.yaml", Smc("net-a", "macvlan") + "---\n" + Smc("net-b", "ipvlan"))));
        await NadAsync(cluster, "net-a", _ => true);
        var config = Str((await NadAsync(cluster, "net-b", _ => true))["spec"]!["config"])!;

        Ok(await kubectl.RunAsync("delete", "network-attachment-definitions", "-n", "team1", "net-a"));
        Ok(await kubectl.RunAsync("patch", "network-attachment-definitions", "-n", "team1", "net-b", "--type=merge", "-p", """{"spec":{"config":"{}"}}"""));
        await NadAsync(cluster, "net-a", _ => true);
        await NadAsync(cluster, "net-b", n => Str(n["spec"]!["config"]) == config);

        // An existing NAD no SMC controls: before it may be adopted the webhook asks whether the user may update and delete it.
        await cluster.Server.CreateAsync(new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "k8s.cni.cncf.io/v1", ["kind"] = "NetworkAttachmentDefinition",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "adopted", ["namespace"] = "team1" },
            ["spec"] = new System.Text.Json.Nodes.JsonObject { ["config"] = "{}" },
        });
        Ok(await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("adopt.yaml", Smc("adopted", "macvlan"))));
        await NadAsync(cluster, "adopted", n => n["metadata"]?["ownerReferences"] is System.Text.Json.Nodes.JsonArray { Count: > 0 });
        // A scrape of the HTTPS /metrics: the operator checks the token (TokenReview) and its access (SubjectAccessReview).
        using (var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c is not null }))
        {
            using var scrape = new HttpRequestMessage(HttpMethod.Get, new Uri(OperatorFromDeployment.Address(webhook, "metrics"), "/metrics"));
            scrape.Headers.Authorization = new("Bearer", ApiServerOptions.AdminToken);
            using var metrics = await http.SendAsync(scrape);
            Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
        }
        await Eventually.HoldsAsync(() => Task.FromResult(OperatorRequests(cluster).Any(r => r.Verb == "update" && r.Resource == "leases")), "the leader renews its Lease");
    }

    /// <summary>What cert-manager's CA injector does for the inject-ca-from annotation.</summary>
    private static async Task InjectCaAsync(DeployedCluster cluster, string caPem)
    {
        using var client = cluster.Server.CreateClient();
        var patch = new k8s.Models.V1Patch(
            $$"""[{"op":"add","path":"/webhooks/0/clientConfig/caBundle","value":"{{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(caPem))}}"}]""",
            k8s.Models.V1Patch.PatchType.JsonPatch);
        await client.AdmissionregistrationV1.PatchMutatingWebhookConfigurationAsync(patch, "multus-config-mutating");
        await client.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(patch, "multus-config-validating");
    }

    private static List<RequestRecord> OperatorRequests(DeployedCluster cluster) =>
        cluster.Server.Requests.All.Where(r => r.UserAgent == OperatorFromDeployment.UserAgent).ToList();

    /// <summary>An SMC write succeeds only once both webhooks answer with the current CA.</summary>
    private static Task WebhooksServeAsync(DeployedCluster cluster) => Eventually.HoldsAsync(async () =>
        (await cluster.Kubectl.RunAsync("apply", "-f", cluster.Kubectl.WriteFile("probe.yaml", Smc("probe", "macvlan")))).ExitCode == 0,
        "the webhooks admit an SMC");

    private static async Task<System.Text.Json.Nodes.JsonObject> NadAsync(DeployedCluster cluster, string name, Func<System.Text.Json.Nodes.JsonObject, bool> done)
    {
        System.Text.Json.Nodes.JsonObject? nad = null;
        await Eventually.HoldsAsync(() => Task.FromResult((nad = cluster.Server.Get("k8s.cni.cncf.io/v1", "NetworkAttachmentDefinition", "team1", name)) is not null && done(nad)), $"NAD {name} as the SMC says");
        return nad!;
    }

    private static string Smc(string name, string type) => $"""
        apiVersion: spiderpool.spidernet.io/v2beta1
        kind: SpiderMultusConfig
        metadata:
          name: {name}
          namespace: team1
        spec:
          cniType: {type}
          {type}:
            master: [ens192]

        """;

    private static void Ok(KubectlResult result) => Assert.True(result.ExitCode == 0, result.ToString());
}
