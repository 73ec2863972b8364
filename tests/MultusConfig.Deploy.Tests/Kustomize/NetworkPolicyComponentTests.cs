using System.Text.Json.Nodes;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Kustomize;

/// <summary>
/// deploy/network-policy: an opt-in component (as kubebuilder's config/network-policy) that an overlay of the
/// user's adds to deploy/default, replacing the API server's source range, which differs per cluster.
/// </summary>
public sealed class NetworkPolicyComponentTests : IDisposable
{
    private readonly string _overlay = Directory.CreateTempSubdirectory("np-overlay-").FullName;

    public void Dispose() => Directory.Delete(_overlay, recursive: true);

    /// <summary>The overlay docs/install.md shows, written next to the repository's deploy/ folders.</summary>
    private List<JsonObject> RenderOverlay(bool patchCidr)
    {
        var deploy = Path.GetRelativePath(_overlay, RepoPaths.Of("deploy"));
        var patch = patchCidr
            ? $"""
              patches:
              - target:
                  kind: NetworkPolicy
                  name: multus-config-allow-webhook-traffic
                patch: |-
                  - op: replace
                    path: /spec/ingress/0/from/0/ipBlock/cidr
                    value: 10.0.0.0/24
              """
            : "";
        File.WriteAllText(Path.Combine(_overlay, "kustomization.yaml"), $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
            - {deploy}/default
            components:
            - {deploy}/network-policy
            {patch}
            """);
        return Objects(_overlay);
    }

    private static JsonNode Rule(List<JsonObject> objects, string name) => Single(objects, "NetworkPolicy", name)["spec"]!["ingress"]!.AsArray().Single()!;

    [Fact]
    public void Metrics_port_8443_is_open_only_to_namespaces_labelled_metrics_enabled()
    {
        var objects = RenderOverlay(patchCidr: true);
        var policy = Single(objects, "NetworkPolicy", "multus-config-allow-metrics-traffic");
        var rule = Rule(objects, "multus-config-allow-metrics-traffic");

        Assert.Equal("multus-config-system", Str(policy["metadata"]!["namespace"]));
        Assert.Equal("""{"app.kubernetes.io/name":"multus-config-operator"}""", policy["spec"]!["podSelector"]!["matchLabels"]!.ToJsonString());
        Assert.Equal(Str(Single(objects, "Deployment")["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]),
            Str(policy["spec"]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/name"]));
        Assert.Equal("""[{"namespaceSelector":{"matchLabels":{"metrics":"enabled"}}}]""", rule["from"]!.ToJsonString());
        Assert.Equal("""[{"port":8443,"protocol":"TCP"}]""", rule["ports"]!.ToJsonString());
    }

    [Fact]
    public void Webhook_port_9443_is_open_only_to_the_api_server_range_the_overlay_gives()
    {
        var rule = Rule(RenderOverlay(patchCidr: true), "multus-config-allow-webhook-traffic");

        Assert.Equal("""[{"ipBlock":{"cidr":"10.0.0.0/24"}}]""", rule["from"]!.ToJsonString());
        Assert.Equal("""[{"port":9443,"protocol":"TCP"}]""", rule["ports"]!.ToJsonString());
    }

    [Fact]
    public void An_overlay_that_does_not_replace_the_placeholder_keeps_a_value_that_is_no_CIDR()
    {
        var cidr = Str(Rule(RenderOverlay(patchCidr: false), "multus-config-allow-webhook-traffic")["from"]![0]!["ipBlock"]!["cidr"]);

        // The API server refuses such a policy, so a forgotten patch cannot silently open or close the webhook.
        Assert.Equal("API-SERVER-CIDR", cidr);
        Assert.False(System.Net.IPNetwork.TryParse(cidr, out _));
    }

    [Fact]
    public void Deploy_default_has_no_NetworkPolicy()
    {
        Assert.DoesNotContain(Objects("default"), o => Str(o["kind"]) == "NetworkPolicy");
    }
}
