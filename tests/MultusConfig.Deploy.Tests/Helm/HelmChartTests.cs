using System.Text.Json.Nodes;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Helm;

/// <summary>The Helm chart installs what kustomize installs, using only constructs our renderer allows.</summary>
public class HelmChartTests
{
    [Fact]
    public void The_default_chart_renders_exactly_the_objects_of_kustomize_default()
    {
        AssertSameObjects(Objects("default"), ChartRenderer.Render());
    }

    [Fact]
    public void The_chart_with_cert_manager_renders_exactly_the_objects_of_the_cert_manager_overlay()
    {
        AssertSameObjects(Objects("cert-manager"), ChartRenderer.Render(v => v["certManager"]!["enabled"] = true));
    }

    [Fact]
    public void Values_for_image_replicas_resources_profile_and_log_settings_reach_the_deployment()
    {
        var objects = ChartRenderer.Render(v =>
        {
            v["image"]!["tag"] = "1.2.3";
            v["replicas"] = 3;
            v["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = "1Gi" } };
            v["renderProfile"] = "spiderpool";
            v["logFormat"] = "text";
            v["logLevel"] = "warning";
        });
        var deployment = Single(objects, "Deployment");
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;

        Assert.EndsWith(":1.2.3", Str(container["image"]), StringComparison.Ordinal);
        Assert.Equal(3, Int(deployment["spec"]!["replicas"]));
        Assert.Equal("""{"limits":{"memory":"1Gi"}}""", container["resources"]!.ToJsonString());
        Assert.Contains("--render-profile=spiderpool", container["args"]!.AsArray().Select(Str));
        Assert.Contains("--log-format=text", container["args"]!.AsArray().Select(Str));
        Assert.Contains("--log-level=warning", container["args"]!.AsArray().Select(Str));
    }

    [Fact]
    public void Value_allowedCniTypes_reaches_the_deployment_as_the_flag_and_is_absent_by_default()
    {
        static IEnumerable<string?> Args(List<JsonObject> objects) =>
            Single(objects, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(Str);

        Assert.DoesNotContain(Args(ChartRenderer.Render()), a => a!.StartsWith("--allowed-cni-types", StringComparison.Ordinal));
        Assert.Contains("--allowed-cni-types=macvlan,ipvlan,coordinator,spiderpool",
            Args(ChartRenderer.Render(v => v["allowedCniTypes"] = "macvlan,ipvlan,coordinator,spiderpool")));
    }

    [Fact]
    public void Value_networkPolicy_enabled_renders_the_policies_of_the_kustomize_component_with_the_given_api_server_peers()
    {
        Assert.DoesNotContain(ChartRenderer.Render(), o => Str(o["kind"]) == "NetworkPolicy");
        var objects = ChartRenderer.Render(v => v["networkPolicy"] = JsonNode.Parse("""{"enabled":true,"apiServerPeers":[{"ipBlock":{"cidr":"10.0.0.0/24"}}]}"""));

        var metrics = Single(objects, "NetworkPolicy", "multus-config-allow-metrics-traffic");
        Assert.Equal(ChartRenderer.Canonical(MultusConfig.ApiServer.YamlDocuments.Parse(File.ReadAllText(RepoPaths.Of("deploy", "network-policy", "allow_metrics_traffic.yaml"))).Single()),
            ChartRenderer.Canonical(metrics));
        var webhook = Single(objects, "NetworkPolicy", "multus-config-allow-webhook-traffic")["spec"]!["ingress"]![0]!;
        Assert.Equal("""[{"ipBlock":{"cidr":"10.0.0.0/24"}}]""", webhook["from"]!.ToJsonString());
        Assert.Equal("""[{"port":9443,"protocol":"TCP"}]""", webhook["ports"]!.ToJsonString());
    }

    [Fact]
    public void Value_networkPolicy_enabled_without_api_server_peers_fails_rendering_naming_the_value()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ChartRenderer.Render(v => v["networkPolicy"]!["enabled"] = true));

        Assert.Contains("network-policy.yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains("networkPolicy.enabled needs networkPolicy.apiServerPeers", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chart_crd_is_the_shipped_crd()
    {
        var name = "spidermultusconfigs.spiderpool.spidernet.io.yaml";
        Assert.Equal(File.ReadAllText(RepoPaths.Of("deploy", "crds", name)), File.ReadAllText(Path.Combine(ChartRenderer.ChartDir, "crds", name)));
    }

    [Theory]
    [InlineData("{{ range .Values.x }}{{ end }}", "'range'")]
    [InlineData("{{ .Values.x | upper }}", "'upper'")]
    [InlineData("{{ tpl .Values.x . }}", "'tpl'")]
    [InlineData("{{ if .a }}x{{ else if .b }}y{{ end }}", "'else'")]
    [InlineData("{{ $x := .Values }}", "'$x'")]
    [InlineData("{{ (include \"a\" .) }}", "'(include'")]
    [InlineData("{{ .Values.x | default \"a\" }}", "'default'")]
    public void The_renderer_refuses_every_construct_outside_the_allowed_set(string template, string named)
    {
        var e = Assert.Throws<NotSupportedException>(() => TemplateParser.Parse(template, "t.yaml"));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_allowed_constructs_render_as_helm_renders_them()
    {
        var (body, defines) = TemplateParser.Parse("""
            {{- define "l" -}}
            a: b
            {{- end }}
            x: {{ .Values.s | quote }}
            {{- with .Values.m }}
            m:
              {{- toYaml . | nindent 2 }}
            {{- end }}
            {{- if .Values.off }}
            never: true
            {{- else }}
            labels:
              {{- include "l" . | nindent 2 }}
            {{- end }}
            """, "t.yaml");
        var values = new JsonObject { ["Values"] = JsonNode.Parse("""{"s":"1","m":{"k":[1,"two",{"n":true}]},"off":false}""") };

        // The newline after the define's end is output, as Go templates do.
        Assert.Equal("\nx: \"1\"\nm:\n  k:\n  - 1\n  - \"two\"\n  -\n    n: true\nlabels:\n  a: b", new TemplateRenderer(defines, "t.yaml").Render(body, values));
    }

    private static void AssertSameObjects(List<JsonObject> expected, List<JsonObject> actual)
    {
        static string Key(JsonObject o) => $"{Str(o["kind"])} {Str(o["metadata"]?["namespace"])}/{Str(o["metadata"]?["name"])}";
        Assert.Equal(expected.Select(Key).Order(StringComparer.Ordinal), actual.Select(Key).Order(StringComparer.Ordinal));
        foreach (var o in expected)
            Assert.Equal(ChartRenderer.Canonical(o), ChartRenderer.Canonical(actual.Single(a => Key(a) == Key(o))));
    }
}
