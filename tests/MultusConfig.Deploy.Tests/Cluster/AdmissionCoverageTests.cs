using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Cluster;

/// <summary>
/// The shipped webhook configurations, applied by kubectl and served by the operator started from the shipped
/// Deployment, admit SMCs in every namespace: kube-system is where the product documentation puts them.
/// </summary>
public class AdmissionCoverageTests
{
    [Theory]
    [InlineData("kube-system")]
    [InlineData("multus-config-system")]
    [InlineData("team1")]
    public async Task An_invalid_smc_is_refused_by_the_shipped_webhooks_in_every_namespace(string ns)
    {
        await using var cluster = await DeployedCluster.StartAsync();
        var app = await OperatorFromDeployment.StartAsync(cluster.Server, cluster.Objects, "multus-config-operator-a");
        try
        {
            var service = Single(cluster.Objects, "Service", "multus-config-webhook");
            cluster.Server.MapService(Str(service["metadata"]!["namespace"])!, "multus-config-webhook", OperatorFromDeployment.Address(app, "https").Port);
            if (ns == "team1") Assert.Equal(0, (await cluster.Kubectl.RunAsync("create", "namespace", ns)).ExitCode);
            // A valid SMC goes through once the webhook serves the certificate its caBundle names (failurePolicy: Fail refuses it until then).
            await Eventually.HoldsAsync(async () => (await cluster.Kubectl.RunAsync("apply", "-f", cluster.Kubectl.WriteFile("good.yaml", Smc(ns, "good", "[ens192]")))).ExitCode == 0,
                "a valid SMC is admitted");

            var apply = await cluster.Kubectl.RunAsync("apply", "-f", cluster.Kubectl.WriteFile("bad.yaml", Smc(ns, "bad", "[eth0, eth1]")));

            Assert.NotEqual(0, apply.ExitCode);
            // Only the webhooks know this rule (the schema admits two masters without a bond).
            Assert.Contains("spec.macvlan.bond: Required value: two or more master interfaces are bonded", apply.Stderr, StringComparison.Ordinal);
            Assert.Null(cluster.Server.Get("spiderpool.spidernet.io/v2beta1", "SpiderMultusConfig", ns, "bad"));
        }
        finally
        {
            await OperatorFromDeployment.StopAsync(app);
        }
    }

    // Schema-valid, so only the webhooks can refuse it: two masters need a bond.
    private static string Smc(string ns, string name, string masters) => $"""
        apiVersion: spiderpool.spidernet.io/v2beta1
        kind: SpiderMultusConfig
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          cniType: macvlan
          macvlan:
            master: {masters}
        """;
}
