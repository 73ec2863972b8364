using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static MultusConfig.ApiServer.Tests.TestObjects;

namespace MultusConfig.ApiServer.Tests;

/// <summary>
/// The real kubectl 1.32 against the double, with its default client-side behaviour
/// (validation on, discovery, server-side printing, kubectl's own choice of patch types).
/// </summary>
public sealed class KubectlTests
{
    private const string SmcYaml = """
        apiVersion: spiderpool.spidernet.io/v2beta1
        kind: SpiderMultusConfig
        metadata:
          name: net1
          namespace: default
        spec:
          cniType: macvlan
          macvlan:
            master: [eth0]
            vlanID: 100
            ippools: {}
        """;

    [Fact]
    public async Task Kubectl_applies_our_crd_and_an_instance_and_get_o_yaml_shows_the_schema_defaults()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var kubectl = new Kubectl(server);
        var crd = await kubectl.RunAsync("apply", "-f", RepoPaths.SmcCrd);
        Assert.True(crd.ExitCode == 0, crd.ToString());
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/spidermultusconfigs.spiderpool.spidernet.io created", crd.Stdout, StringComparison.Ordinal);
        var apply = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("smc.yaml", SmcYaml));
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("spidermultusconfig.spiderpool.spidernet.io/net1 created", apply.Stdout, StringComparison.Ordinal);
        var yaml = await kubectl.RunAsync("get", "smc", "net1", "-o", "yaml");
        Assert.True(yaml.ExitCode == 0, yaml.ToString());
        Assert.Contains("enableCoordinator: true", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("matchMasterSubnet: false", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("generation: 1", yaml.Stdout, StringComparison.Ordinal);
        var table = await kubectl.RunAsync("get", "spidermultusconfigs");
        Assert.Matches(@"NAME\s+CNI TYPE", table.Stdout);
        Assert.Matches(@"net1\s+macvlan", table.Stdout);
    }

    [Fact]
    public async Task Kubectl_apply_of_a_kind_the_server_does_not_serve_says_no_matches_for_kind()
    {
        // A kustomization.yaml in a folder applied with -f, as a new user does with deploy/crds/.
        await using var server = await StartWithCrdsAsync();
        using var kubectl = new Kubectl(server);
        var file = kubectl.WriteFile("kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [crd.yaml]\n");

        var result = await kubectl.RunAsync("apply", "-f", file);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no matches for kind \"Kustomization\" in version \"kustomize.config.k8s.io/v1beta1\"", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("mime:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_apply_with_default_validation_gets_the_servers_strict_unknown_field_error()
    {
        await using var server = await StartWithCrdsAsync();
        using var kubectl = new Kubectl(server);
        var result = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("smc.yaml", SmcYaml.Replace("vlanID: 100", "vlanID: 100\n    colour: blue", StringComparison.Ordinal)));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"spec.macvlan.colour\"", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_reports_schema_violations_as_the_real_invalid_message()
    {
        await using var server = await StartWithCrdsAsync();
        using var kubectl = new Kubectl(server);
        var result = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("smc.yaml", SmcYaml.Replace("vlanID: 100", "vlanID: 5000", StringComparison.Ordinal)));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The SpiderMultusConfig \"net1\" is invalid: spec.macvlan.vlanID: Invalid value: 5000: spec.macvlan.vlanID in body should be less than or equal to 4094", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_reapply_sends_strategic_merge_for_configmaps_and_merge_patch_for_custom_resources()
    {
        await using var server = await StartWithCrdsAsync();
        using var kubectl = new Kubectl(server);
        const string cm = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              keep: "1"
              drop: "2"
            """;
        var path = kubectl.WriteFile("all.yaml", cm + "\n---\n" + SmcYaml);
        Assert.Equal(0, (await kubectl.RunAsync("apply", "-f", path)).ExitCode);
        File.WriteAllText(path, cm.Replace("\n  drop: \"2\"", "", StringComparison.Ordinal) + "\n---\n" + SmcYaml.Replace("vlanID: 100", "vlanID: 200", StringComparison.Ordinal));
        var again = await kubectl.RunAsync("apply", "-f", path);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("configmap/settings configured", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("spidermultusconfig.spiderpool.spidernet.io/net1 configured", again.Stdout, StringComparison.Ordinal);
        var patches = server.Requests.All.Where(r => r.Verb == "patch").ToDictionary(r => r.Resource!, r => r.ContentType);
        Assert.StartsWith("application/strategic-merge-patch+json", patches["configmaps"], StringComparison.Ordinal);
        Assert.StartsWith("application/merge-patch+json", patches[SmcPlural], StringComparison.Ordinal);
        var stored = server.Get("v1", "ConfigMap", "default", "settings")!;
        Assert.Null(stored["data"]!["drop"]);
        Assert.Equal("1", stored["data"]!["keep"].Str());
        Assert.Equal(200, server.Get($"{SmcGroup}/{SmcVersion}", "SpiderMultusConfig", "default", "net1")!["spec"]!["macvlan"]!["vlanID"]!.GetValue<int>());
    }

    [Fact]
    public async Task Kubectl_patch_supports_strategic_merge_and_json_patch_and_custom_resources_refuse_strategic()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");
        await client.CreateSmcAsync(Smc("net1"));
        using var kubectl = new Kubectl(server);
        Assert.Equal(0, (await kubectl.RunAsync("patch", "configmap", "cm", "-p", """{"data":{"b":"2"}}""")).ExitCode);
        Assert.Equal(0, (await kubectl.RunAsync("patch", "configmap", "cm", "--type", "json", "-p", """[{"op":"remove","path":"/data/a"}]""")).ExitCode);
        var cm = await client.CoreV1.ReadNamespacedConfigMapAsync("cm", "default");
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, cm.Data);
        Assert.Equal(0, (await kubectl.RunAsync("patch", "smc", "net1", "--type", "merge", "-p", """{"spec":{"macvlan":{"vlanID":9}}}""")).ExitCode);
        var strategic = await kubectl.RunAsync("patch", "smc", "net1", "--type", "strategic", "-p", """{"spec":{"macvlan":{"vlanID":10}}}""");
        Assert.Equal(1, strategic.ExitCode);
        // kubectl turns the server's 415 into its own message around the server's text.
        Assert.Contains("application/strategic-merge-patch+json is not supported by spiderpool.spidernet.io/v2beta1, Kind=SpiderMultusConfig: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json", strategic.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_delete_waits_for_the_object_to_go_and_get_then_reports_NotFound()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        await client.CreateSmcAsync(Smc("net1"));
        using var kubectl = new Kubectl(server);
        var delete = await kubectl.RunAsync("delete", "smc", "net1", "--timeout=20s");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Contains("spidermultusconfig.spiderpool.spidernet.io \"net1\" deleted", delete.Stdout, StringComparison.Ordinal);
        var get = await kubectl.RunAsync("get", "smc", "net1");
        Assert.Equal(1, get.ExitCode);
        Assert.Contains("Error from server (NotFound): spidermultusconfigs.spiderpool.spidernet.io \"net1\" not found", get.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_get_watch_prints_a_row_for_each_change()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "first" } }, "default");
        using var kubectl = new Kubectl(server);
        using var process = kubectl.Start("get", "configmaps", "--watch", "--request-timeout=30s");
        var lines = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        async Task ReadUntil(string name)
        {
            while (!lines.Any(l => l.StartsWith(name, StringComparison.Ordinal)))
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("kubectl ended: " + await process.StandardError.ReadToEndAsync());
                lines.Add(line);
            }
        }
        try
        {
            await ReadUntil("first");
            await Eventually(() => Task.FromResult(server.OpenWatches == 1), "kubectl watching");
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "second" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, "default");
            await ReadUntil("second");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
        Assert.Matches(@"^NAME\s+DATA\s+AGE", lines[0]);
        Assert.Matches(@"^second\s+1\s+", lines.Single(l => l.StartsWith("second", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Kubectl_shows_a_validating_webhook_denial_with_the_webhooks_message()
    {
        await using var server = await StartWithCrdsAsync();
        await using var hook = await WebhookServer.StartAsync();
        hook.Decide = _ => new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["code"] = 403, ["message"] = "spec.macvlan.master: eth0 is reserved" } };
        using var client = server.CreateClient();
        await AdmissionTests.RegisterValidating(client, new Admissionregistrationv1WebhookClientConfig { Url = hook.Url("/validate"), CaBundle = Convert.FromBase64String(hook.CaBundle) });
        using var kubectl = new Kubectl(server);
        var result = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("smc.yaml", SmcYaml));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("admission webhook \"validate.spidermultusconfig.spidernet.io\" denied the request: spec.macvlan.master: eth0 is reserved", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_replace_of_a_stale_copy_reports_the_conflict()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" } }, "default");
        using var kubectl = new Kubectl(server);
        var stale = await kubectl.RunAsync("get", "configmap", "cm", "-o", "json");
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"x":"1"}}""", V1Patch.PatchType.MergePatch), "cm", "default");
        var replace = await kubectl.RunAsync("replace", "-f", kubectl.WriteFile("stale.json", stale.Stdout));
        Assert.Equal(1, replace.ExitCode);
        Assert.Contains("Operation cannot be fulfilled on configmaps \"cm\": the object has been modified; please apply your changes to the latest version and try again", replace.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_discovers_builtins_and_crds_over_plain_http_too()
    {
        await using var server = await StartWithCrdsAsync();
        using var kubectl = new Kubectl(server, https: false);
        var resources = await kubectl.RunAsync("api-resources");
        Assert.True(resources.ExitCode == 0, resources.ToString());
        foreach (var expected in new[] { @"configmaps\s+cm\s+v1\s+true\s+ConfigMap", @"leases\s+coordination.k8s.io/v1\s+true\s+Lease", @"network-attachment-definitions\s+net-attach-def\s+k8s.cni.cncf.io/v1\s+true\s+NetworkAttachmentDefinition", @"spidermultusconfigs\s+smc\s+spiderpool.spidernet.io/v2beta1\s+true\s+SpiderMultusConfig", @"validatingwebhookconfigurations\s+admissionregistration.k8s.io/v1\s+false" })
        {
            Assert.Matches(expected, resources.Stdout);
        }
        var version = await kubectl.RunAsync("version", "-o", "json");
        Assert.Contains("\"gitVersion\": \"v1.32.0-apiserver-double\"", version.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_create_generators_send_protobuf_bodies_that_the_double_decodes()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var kubectl = new Kubectl(server);
        foreach (var args in new[]
        {
            new[] { "create", "namespace", "team1" },
            ["create", "configmap", "settings", "-n", "team1", "--from-literal=mode=fast"],
            ["create", "secret", "generic", "token", "-n", "team1", "--from-literal=key=s3cret"],
        })
        {
            var result = await kubectl.RunAsync(args);
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        Assert.Contains(server.Requests.All, r => r.Verb == "create" && r.ContentType == "application/vnd.kubernetes.protobuf");
        using var client = server.CreateClient();
        Assert.Equal("fast", (await client.CoreV1.ReadNamespacedConfigMapAsync("settings", "team1")).Data["mode"]);
        var secret = await client.CoreV1.ReadNamespacedSecretAsync("token", "team1");
        Assert.Equal("s3cret", System.Text.Encoding.UTF8.GetString(secret.Data["key"]));
        Assert.Equal("Opaque", secret.Type);
    }

    [Fact]
    public async Task Kubectl_edit_sends_the_edited_difference_as_a_merge_patch()
    {
        await using var server = await StartWithCrdsAsync();
        using var kubectl = new Kubectl(server);
        Assert.Equal(0, (await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("smc.yaml", SmcYaml))).ExitCode);
        // A non-interactive "editor": kubectl runs it on the temp file it wants edited.
        var editor = kubectl.WriteFile("editor.sh", "#!/bin/sh\nsed -i 's/vlanID: 100/vlanID: 300/' \"$1\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var edit = await kubectl.RunWithEnvironmentAsync(new Dictionary<string, string> { ["KUBE_EDITOR"] = editor }, "edit", "smc", "net1");
        Assert.True(edit.ExitCode == 0, edit.ToString());
        Assert.Contains("spidermultusconfig.spiderpool.spidernet.io/net1 edited", edit.Stdout, StringComparison.Ordinal);
        Assert.Equal(300, server.Get($"{SmcGroup}/{SmcVersion}", "SpiderMultusConfig", "default", "net1")!["spec"]!["macvlan"]!["vlanID"]!.GetValue<int>());
        Assert.StartsWith("application/merge-patch+json", server.Requests.All.Last(r => r.Verb == "patch").ContentType, StringComparison.Ordinal);
    }
}
