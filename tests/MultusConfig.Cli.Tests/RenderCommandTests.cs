using System.Text.Json.Nodes;
using MultusConfig.Core.Manifests;
using static MultusConfig.Cli.Tests.Manifests;

namespace MultusConfig.Cli.Tests;

public class RenderCommandTests
{
    private static IReadOnlyList<ManifestDocument> ReadBack(string yaml)
    {
        var read = ManifestReader.Read(yaml);
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
        return read.Documents;
    }

    private static string Config(ManifestDocument nad) => nad.Manifest["spec"]!["config"]!.GetValue<string>();

    [Fact]
    public void Documented_macvlan_example_renders_exactly_the_documented_config()
    {
        var run = CliRun.WithStdin(DocumentedMacvlan, "render", "-f", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
        var nad = Assert.Single(ReadBack(run.Stdout));
        Assert.Equal(DocumentedMacvlanConfig, Config(nad));
        Assert.Equal("NetworkAttachmentDefinition", nad.Kind);
        Assert.Equal("k8s.cni.cncf.io/v1", nad.ApiVersion);
        Assert.Equal("kube-system", nad.Manifest["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public void Documented_ipvlan_example_renders_exactly_the_documented_config()
    {
        var run = CliRun.WithStdin(DocumentedIpvlan, "render", "-f", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(DocumentedIpvlanConfig, Config(Assert.Single(ReadBack(run.Stdout))));
    }

    [Fact]
    public void Yaml_output_puts_the_config_on_one_single_quoted_line_in_kubectl_key_order()
    {
        var run = CliRun.WithStdin(DocumentedMacvlan, "render", "-f", "-");
        var lines = run.Stdout.Split('\n');
        Assert.Equal("apiVersion: k8s.cni.cncf.io/v1", lines[0]);
        Assert.Equal("kind: NetworkAttachmentDefinition", lines[1]);
        Assert.Equal("metadata:", lines[2]);
        Assert.Equal("  name: macvlan-ens192", lines[3]);
        Assert.Equal("  namespace: kube-system", lines[4]);
        Assert.Contains($"  config: '{DocumentedMacvlanConfig}'", lines);
        Assert.True(Array.IndexOf(lines, "spec:") > Array.IndexOf(lines, "metadata:"));
    }

    [Fact]
    public void The_nad_is_owned_by_its_smc_as_far_as_known_offline()
    {
        var run = CliRun.WithStdin(DocumentedMacvlan, "render", "-f", "-");
        var owner = Assert.Single(Assert.Single(ReadBack(run.Stdout)).Manifest["metadata"]!["ownerReferences"]!.AsArray())!;
        Assert.Equal("SpiderMultusConfig", owner["kind"]!.GetValue<string>());
        Assert.Equal("macvlan-ens192", owner["name"]!.GetValue<string>());
        Assert.True(owner["controller"]!.GetValue<bool>());
    }

    [Fact]
    public void Several_smcs_print_as_a_multi_document_stream_in_input_order()
    {
        var run = CliRun.WithStdin(Macvlan("zeta") + "---\n" + Macvlan("alpha") + "---\n" + Macvlan("mid"), "render", "-f", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.Stdout.Split('\n').Count(l => l == "---"));
        Assert.Equal(["zeta", "alpha", "mid"], ReadBack(run.Stdout).Select(d => d.Name));
    }

    [Fact]
    public void Json_output_is_one_v1_list_of_nads_in_input_order_indented_by_two()
    {
        var run = CliRun.WithStdin(Macvlan("b") + "---\n" + Macvlan("a"), "render", "-f", "-", "-o", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var list = JsonNode.Parse(run.Stdout)!.AsObject();
        Assert.Equal(["apiVersion", "kind", "items", "metadata"], list.Select(p => p.Key));
        Assert.Equal("v1", list["apiVersion"]!.GetValue<string>());
        Assert.Equal("List", list["kind"]!.GetValue<string>());
        var items = list["items"]!.AsArray();
        Assert.Equal(["b", "a"], items.Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.All(items, i => Assert.Equal("NetworkAttachmentDefinition", i!["kind"]!.GetValue<string>()));
        Assert.All(items, i => Assert.IsType<string>(i!["spec"]!["config"]!.GetValue<string>()));
        Assert.StartsWith("{\n  \"apiVersion\": \"v1\",", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("}\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_keeps_quotes_in_the_config_legible()
    {
        var run = CliRun.WithStdin(DocumentedMacvlan, "render", "-f", "-", "-o", "json");
        Assert.Contains("\"config\": \"{\\\"cniVersion\\\":\\\"0.3.1\\\"", run.Stdout, StringComparison.Ordinal);
        var config = JsonNode.Parse(run.Stdout)!["items"]![0]!["spec"]!["config"]!.GetValue<string>();
        Assert.Equal(DocumentedMacvlanConfig, config);
    }

    [Fact]
    public void Json_output_with_no_smc_is_an_empty_list()
    {
        var run = CliRun.WithStdin(ConfigMap, "render", "-f", "-", "-o", "json");
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(JsonNode.Parse(run.Stdout)!["items"]!.AsArray());
    }

    [Fact]
    public void A_manifest_without_namespace_gets_the_n_option()
    {
        var run = CliRun.WithStdin(Macvlan("a"), "render", "-f", "-", "-n", "team-a");
        Assert.Equal("team-a", Assert.Single(ReadBack(run.Stdout)).Manifest["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public void A_manifest_without_namespace_and_without_n_gets_default()
    {
        var run = CliRun.WithStdin(Macvlan("a"), "render", "-f", "-");
        Assert.Equal("default", Assert.Single(ReadBack(run.Stdout)).Manifest["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public void A_manifest_namespace_wins_over_the_n_option()
    {
        var run = CliRun.WithStdin(DocumentedMacvlan, "render", "-f", "-", "-n", "other");
        Assert.Equal("kube-system", Assert.Single(ReadBack(run.Stdout)).Manifest["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public void The_spiderpool_profile_materializes_the_reference_defaults()
    {
        var documented = CliRun.WithStdin(DocumentedMacvlan, "render", "-f", "-");
        var spiderpool = CliRun.WithStdin(DocumentedMacvlan, "render", "-f", "-", "--profile", "spiderpool");
        Assert.Equal(0, spiderpool.ExitCode);
        var config = Config(Assert.Single(ReadBack(spiderpool.Stdout)));
        Assert.Contains("\"mtu\":0", config, StringComparison.Ordinal);
        Assert.DoesNotContain("\"mtu\":0", Config(Assert.Single(ReadBack(documented.Stdout))), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_smc_exits_1_prints_every_error_and_still_renders_the_valid_ones()
    {
        var run = CliRun.WithStdin(Macvlan("good") + "---\n" + InvalidMacvlan, "render", "-f", "-");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("good", Assert.Single(ReadBack(run.Stdout)).Name);
        Assert.Contains(run.StderrLines, l => l.StartsWith("net/broken: spec.macvlan.vlanID: ", StringComparison.Ordinal));
        Assert.Contains(run.StderrLines, l => l.StartsWith("net/broken: spec.macvlan.mtu: ", StringComparison.Ordinal));
        run.AssertNoStackTrace();
    }

    [Fact]
    public void List_kinds_are_expanded_into_their_smcs()
    {
        var list = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: spiderpool.spidernet.io/v2beta1
              kind: SpiderMultusConfig
              metadata: {name: one}
              spec: {cniType: macvlan, macvlan: {master: [eth0]}}
            - apiVersion: spiderpool.spidernet.io/v2beta1
              kind: SpiderMultusConfig
              metadata: {name: two}
              spec: {cniType: ipvlan, ipvlan: {master: [eth1]}}
            """;
        var run = CliRun.WithStdin(list, "render", "-f", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["one", "two"], ReadBack(run.Stdout).Select(d => d.Name));
    }

    [Fact]
    public void A_json_smc_is_rendered_like_its_yaml_form()
    {
        var json = """{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":{"name":"macvlan-ens192","namespace":"kube-system"},"spec":{"cniType":"macvlan","enableCoordinator":true,"macvlan":{"master":["ens192"]}}}""";
        var run = CliRun.WithStdin(json, "render", "-f", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(DocumentedMacvlanConfig, Config(Assert.Single(ReadBack(run.Stdout))));
    }

    [Fact]
    public void Yaml_1_1_booleans_in_an_smc_mean_what_kubectl_makes_of_them()
    {
        var smc = DocumentedMacvlan.Replace("enableCoordinator: true", "enableCoordinator: off", StringComparison.Ordinal);
        var run = CliRun.WithStdin(smc, "render", "-f", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("coordinator", Config(Assert.Single(ReadBack(run.Stdout))), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_smcs_with_the_same_name_are_rendered_with_a_warning()
    {
        var run = CliRun.WithStdin(Macvlan("twin") + "---\n" + Macvlan("twin", "eth1"), "render", "-f", "-");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, ReadBack(run.Stdout).Count);
        Assert.Contains(run.StderrLines, l => l.StartsWith("warning: default/twin is defined 2 times", StringComparison.Ordinal));
    }
}
