using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Lab;
using MultusConfig.Cni.Tests.Rendering;
using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// The cni-version annotation's list against the real plugins: every version it accepts is one every
/// plugin we render supports, and a version outside the list is refused by our admission before a plugin
/// would have refused it.
/// </summary>
public class CniVersionTests
{
    /// <summary>Real plugins our renderer emits or the custom tests use.</summary>
    private static readonly string[] RealPlugins = ["macvlan", "ipvlan", "vlan", "tuning", "bandwidth", "bridge", "host-device"];

    public static TheoryData<string> AcceptedVersions() => [.. Annotations.SupportedCniVersions];

    [SkippableFact]
    public void The_annotation_accepts_exactly_the_versions_this_suite_runs()
    {
        Assert.Equal(["0.3.0", "0.3.1", "0.4.0", "1.0.0"], Annotations.SupportedCniVersions);
    }

    [SkippableTheory]
    [MemberData(nameof(AcceptedVersions))]
    public async Task Every_real_plugin_reports_support_for_an_accepted_version(string version)
    {
        await using var lab = await CniLab.StartAsync([]);
        foreach (var plugin in RealPlugins)
        {
            Assert.Contains(version, await lab.Runtime.SupportedVersionsAsync(plugin));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(AcceptedVersions))]
    public async Task Every_real_plugin_parses_a_config_of_an_accepted_version(string version)
    {
        // One ADD per plugin type with a config of this version: macvlan attaches, ipvlan and vlan get past
        // version negotiation up to link creation, tuning runs chained after macvlan.
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var config = """{"cniVersion":"@VERSION@","name":"v","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},{"type":"tuning","mtu":1400},{"type":"bandwidth","capabilities":{"bandwidth":true}}]}""".Replace("@VERSION@", version, StringComparison.Ordinal);
        var result = await lab.AddAsync(config, pod);
        Assert.Equal(version, (string?)result["cniVersion"]);
        await lab.DeleteAsync(config, pod);
        foreach (var kind in new[] { "ipvlan", "vlan" })
        {
            if (await KernelFeatures.SupportsAsync(kind))
            {
                continue; // the full lifecycle for these runs in the variation tests
            }
            var extra = kind == "vlan" ? ",\"vlanId\":5" : "";
            var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync(
                """{"cniVersion":"@VERSION@","name":"v","type":"@KIND@","master":"ens192"@EXTRA@,"ipam":{"type":"spiderpool"}}""".Replace("@VERSION@", version, StringComparison.Ordinal).Replace("@KIND@", kind, StringComparison.Ordinal).Replace("@EXTRA@", extra, StringComparison.Ordinal), pod));
            Assert.Equal($"failed to create {kind}: operation not supported", failure.Error?.Msg);
        }
    }

    public static TheoryData<string> RefusedVersions() => ["1.1.0", "2.0.0", "0.2.0", "0.1.0", "1.0", ""];

    [SkippableTheory]
    [MemberData(nameof(RefusedVersions))]
    public void A_version_outside_the_list_is_refused_by_admission(string version)
    {
        var manifest = Variations.Manifest("macvlan cni-version 1.0.0");
        manifest["metadata"]!["annotations"]![Annotations.CniVersion] = version;
        var result = SmcProcessor.Process(manifest, Renderer.DefaultNamespace, RenderProfile.Documented);
        Assert.False(result.IsValid, $"cni-version '{version}' was accepted; rendered: {result.Nad?.Spec.Config}");
        Assert.Contains(result.Errors, e => e.Path.StartsWith("metadata.annotations", StringComparison.Ordinal) && e.ToString().Contains(Annotations.CniVersion, StringComparison.Ordinal));
    }

    [SkippableTheory]
    [InlineData("1.1.0")]
    [InlineData("2.0.0")]
    public async Task A_refused_version_would_also_be_refused_by_the_real_plugin(string version)
    {
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync(
            """{"cniVersion":"@VERSION@","name":"v","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge"}]}""".Replace("@VERSION@", version, StringComparison.Ordinal), pod));
        Assert.Equal(1, failure.Error?.Code);
        Assert.Equal("incompatible CNI versions", failure.Error?.Msg);
        Assert.Null(await pod.Ns.LinkAsync("net1"));
    }

    [SkippableFact]
    public async Task Stand_ins_refuse_a_version_outside_the_list_like_real_plugins()
    {
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var prev = JsonNode.Parse("""{"cniVersion":"1.1.0","interfaces":[{"name":"net1"}]}""");
        var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync(
            """{"cniVersion":"1.1.0","name":"v","type":"coordinator","prevResult":@PREV@}""".Replace("@PREV@", prev!.ToJsonString(), StringComparison.Ordinal), pod));
        Assert.Equal(1, failure.Error?.Code);
        Assert.Equal("incompatible CNI versions", failure.Error?.Msg);
    }
}
