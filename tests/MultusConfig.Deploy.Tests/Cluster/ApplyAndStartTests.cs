using System.Net;
using MultusConfig.ApiServer;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Cluster;

/// <summary><c>kubectl apply</c> of deploy/default into the API server double, and the operator started from it.</summary>
public class ApplyAndStartTests
{
    [Fact]
    public async Task Every_rendered_object_is_created_by_kubectl_apply()
    {
        await using var cluster = await DeployedCluster.StartAsync();

        Assert.All(cluster.Applies, a => Assert.True(a.ExitCode == 0, a.ToString()));
        foreach (var o in cluster.Objects)
        {
            var kind = Str(o["kind"])!;
            var stored = cluster.Server.Get(Str(o["apiVersion"])!, kind, Str(o["metadata"]!["namespace"]), Str(o["metadata"]!["name"])!);
            Assert.True(stored is not null, $"{kind} {Str(o["metadata"]!["name"])} was not created");
        }
        Assert.Contains(cluster.Objects, o => Str(o["kind"]) == "ServiceAccount");
        Assert.Contains(cluster.Objects, o => Str(o["kind"]) == "Service");
    }

    [Fact]
    public async Task The_deployment_flags_agree_with_its_ports_and_probes()
    {
        var objects = Objects("default");
        var options = OperatorFromDeployment.Parse(objects, "pod-a");
        var ports = Kustomize.DefaultRenderTests.ContainerPorts(objects);
        var container = Single(objects, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!;

        Assert.True(options.LeaderElect);
        Assert.Equal(("multus-config-system", "pod-a"), (options.PodNamespace, options.PodName));
        Assert.Equal((9443, 8081), (ports["webhook"], ports["health"]));
        Assert.Equal((ports["webhook"], ports["health"]), (options.WebhookPort, options.HealthPort));
        Assert.Equal("health", Str(container["livenessProbe"]!["httpGet"]!["port"]));
        Assert.Equal("health", Str(container["readinessProbe"]!["httpGet"]!["port"]));
        // The defaults the manifests rely on by naming them only once.
        Assert.Equal(("multus-config-webhook", "multus-config-mutating", "multus-config-validating"),
            (options.ServiceName, options.MutatingWebhookConfigurationName, options.ValidatingWebhookConfigurationName));
        Assert.Null(options.CertDir);
    }

    [Fact]
    public async Task The_operator_started_from_the_deployment_becomes_ready_and_leads()
    {
        await using var cluster = await DeployedCluster.StartAsync();
        var app = await OperatorFromDeployment.StartAsync(cluster.Server, cluster.Objects, "multus-config-operator-a");
        try
        {
            using var http = new HttpClient();
            var ready = new Uri(OperatorFromDeployment.Address(app, "http"), "/readyz");
            await Eventually.HoldsAsync(async () => (await http.GetAsync(ready)).StatusCode == HttpStatusCode.OK, "/readyz answers 200");
            var lease = cluster.Server.Get("coordination.k8s.io/v1", "Lease", "multus-config-system", "multus-config-operator");
            Assert.Equal("multus-config-operator-a", Str(lease?["spec"]?["holderIdentity"]));
            foreach (var kind in new[] { "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration" })
            {
                var name = Str(Single(cluster.Objects, kind)["metadata"]!["name"])!;
                await Eventually.HoldsAsync(() => Task.FromResult(!string.IsNullOrEmpty(Str(
                    cluster.Server.Get("admissionregistration.k8s.io/v1", kind, null, name)?["webhooks"]?[0]?["clientConfig"]?["caBundle"]))), $"{name} gets a caBundle");
            }
        }
        finally
        {
            await OperatorFromDeployment.StopAsync(app);
        }
    }
}
