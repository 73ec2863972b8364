using System.Text.Json.Nodes;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Kustomize;

/// <summary>What <c>kubectl kustomize deploy/default</c> yields: every object the issue lists, hardened as it asks.</summary>
public class DefaultRenderTests
{
    private const string Ns = "multus-config-system";

    [Fact]
    public void Default_renders_every_object_of_an_installation_and_nothing_else()
    {
        var kinds = Objects("default").Select(o => $"{Str(o["kind"])}/{Str(o["metadata"]?["name"])}").Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            "ClusterRole/multus-config-metrics-reader", "ClusterRole/multus-config-operator", "ClusterRoleBinding/multus-config-operator",
            "CustomResourceDefinition/spidermultusconfigs.spiderpool.spidernet.io", "Deployment/multus-config-operator",
            "MutatingWebhookConfiguration/multus-config-mutating", "Namespace/multus-config-system",
            "PodDisruptionBudget/multus-config-operator", "Role/multus-config-operator", "RoleBinding/multus-config-operator",
            "Secret/multus-config-webhook-cert", "Service/multus-config-metrics", "Service/multus-config-webhook", "ServiceAccount/multus-config-operator",
            "ValidatingAdmissionPolicy/multus-config-mutating-cabundle-only", "ValidatingAdmissionPolicy/multus-config-validating-cabundle-only",
            "ValidatingAdmissionPolicyBinding/multus-config-mutating-cabundle-only", "ValidatingAdmissionPolicyBinding/multus-config-validating-cabundle-only",
            "ValidatingWebhookConfiguration/multus-config-validating",
        ], kinds);
    }

    [Fact]
    public void The_certificate_secret_is_shipped_without_data_so_a_reapply_keeps_what_the_operator_wrote()
    {
        var secret = Assert.Single(Objects("default"), o => Str(o["kind"]) == "Secret");
        Assert.Equal("multus-config-webhook-cert", Str(secret["metadata"]?["name"]));
        Assert.Equal("Opaque", Str(secret["type"]));
        Assert.Null(secret["data"]);
        Assert.Null(secret["stringData"]);
    }

    [Fact]
    public void Every_namespaced_object_lands_in_multus_config_system()
    {
        string[] clusterScoped = ["Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"];
        foreach (var o in Objects("default").Where(o => !clusterScoped.Contains(Str(o["kind"]))))
            Assert.True(Str(o["metadata"]?["namespace"]) == Ns, $"{Str(o["kind"])} {Str(o["metadata"]?["name"])} is not in {Ns}");
    }

    [Fact]
    public void The_nad_crd_is_not_shipped_because_multus_installs_it()
    {
        Assert.DoesNotContain(Objects("default"), o => Str(o["metadata"]?["name"]) == "network-attachment-definitions.k8s.cni.cncf.io");
    }

    [Fact]
    public void The_deployment_runs_two_hardened_replicas_with_leader_election()
    {
        var deployment = Single(Objects("default"), "Deployment");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]!.AsArray().Single()!;
        var security = container["securityContext"]!;

        Assert.Equal(2, Int(deployment["spec"]!["replicas"]));
        Assert.Contains("--leader-elect=true", container["args"]!.AsArray().Select(Str));
        Assert.Equal("multus-config-operator", Str(pod["serviceAccountName"]));
        Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!);
        Assert.True(Int(pod["securityContext"]!["runAsUser"]) > 0);
        Assert.Equal("RuntimeDefault", Str(pod["securityContext"]!["seccompProfile"]!["type"]));
        Assert.True((bool)security["readOnlyRootFilesystem"]!);
        Assert.False((bool)security["allowPrivilegeEscalation"]!);
        Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(Str));
        foreach (var part in new[] { "requests", "limits" })
            Assert.Equal(["cpu", "memory"], container["resources"]![part]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("/healthz", Str(container["livenessProbe"]!["httpGet"]!["path"]));
        Assert.Equal("/readyz", Str(container["readinessProbe"]!["httpGet"]!["path"]));
        Assert.Equal("kubernetes.io/hostname", Str(pod["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]![0]!["podAffinityTerm"]!["topologyKey"]));
        Assert.True(Int(pod["terminationGracePeriodSeconds"]) > 10, "longer than the operator's 10 s shutdown");
    }

    [Theory]
    [InlineData("MutatingWebhookConfiguration", "multus-config-mutating", "/mutate-spiderpool-spidernet-io-v2beta1-spidermultusconfig")]
    [InlineData("ValidatingWebhookConfiguration", "multus-config-validating", "/validate-spiderpool-spidernet-io-v2beta1-spidermultusconfig")]
    public void Each_webhook_calls_the_operator_service_for_smc_writes_in_every_namespace_and_fails_closed(string kind, string name, string path)
    {
        var webhook = Single(Objects("default"), kind, name)["webhooks"]!.AsArray().Single()!;
        var service = webhook["clientConfig"]!["service"]!;
        var rule = webhook["rules"]!.AsArray().Single()!;

        Assert.Equal(("multus-config-webhook", Ns, path, 443), (Str(service["name"]), Str(service["namespace"]), Str(service["path"]), Int(service["port"])));
        Assert.Null(webhook["clientConfig"]!["caBundle"]); // the operator fills it
        Assert.Equal(["spiderpool.spidernet.io"], rule["apiGroups"]!.AsArray().Select(Str));
        Assert.Equal(["v2beta1"], rule["apiVersions"]!.AsArray().Select(Str));
        Assert.Equal(["spidermultusconfigs"], rule["resources"]!.AsArray().Select(Str));
        Assert.Equal(["CREATE", "UPDATE"], rule["operations"]!.AsArray().Select(Str));
        Assert.Equal(("None", "Fail", 5), (Str(webhook["sideEffects"]), Str(webhook["failurePolicy"]), Int(webhook["timeoutSeconds"])));
        Assert.Equal(["v1"], webhook["admissionReviewVersions"]!.AsArray().Select(Str));
        // Every namespace, kube-system included: the webhooks see SMCs only, and the documentation puts SMCs there.
        Assert.Null(webhook["namespaceSelector"]);
        Assert.Null(webhook["objectSelector"]);
    }

    [Fact]
    public void The_webhook_service_forwards_443_to_the_container_webhook_port()
    {
        var objects = Objects("default");
        var port = Single(objects, "Service", "multus-config-webhook")["spec"]!["ports"]!.AsArray().Single()!;
        var containerPorts = ContainerPorts(objects);

        Assert.Equal(443, Int(port["port"]));
        Assert.Equal(9443, containerPorts[Str(port["targetPort"])!]);
        var metrics = Single(objects, "Service", "multus-config-metrics")["spec"]!["ports"]!.AsArray().Single()!;
        Assert.Equal(8443, containerPorts[Str(metrics["targetPort"])!]);
    }

    [Fact]
    public void The_disruption_budget_keeps_a_webhook_replica_and_selects_the_operator_pods()
    {
        var objects = Objects("default");
        var pdb = Single(objects, "PodDisruptionBudget");
        var podLabels = Single(objects, "Deployment")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

        Assert.Equal(1, Int(pdb["spec"]!["minAvailable"]));
        foreach (var (key, value) in pdb["spec"]!["selector"]!["matchLabels"]!.AsObject())
            Assert.Equal(Str(value), Str(podLabels[key]));
    }

    internal static Dictionary<string, int> ContainerPorts(List<JsonObject> objects) =>
        Single(objects, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]!.AsArray()
            .ToDictionary(p => Str(p!["name"])!, p => Int(p!["containerPort"]), StringComparer.Ordinal);
}
