using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Lab;
using MultusConfig.Cni.Tests.Rendering;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// The product documentation's macvlan NAD (spec §0.1), written by hand, through the real macvlan
/// plugin with the spiderpool and coordinator stand-ins. Independent of Core's pipeline: it proves the
/// runtime, the namespaces and the stand-ins.
/// </summary>
public class DocumentedConflistTests
{
    private const string Documented = """{"cniVersion":"0.3.1","name":"macvlan-ens192","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""";

    private static readonly SmcExpectation MacvlanOnEns192 = new(
        "macvlan", "0.3.1", "ens192", ["ens192"], null, Ipam: true, [], [], new Dictionary<string, string>(), Coordinator: true);

    public static TheoryData<string> Versions => ["0.3.0", "0.3.1", "0.4.0", "1.0.0"];

    [SkippableTheory]
    [MemberData(nameof(Versions))]
    public async Task Documented_macvlan_conflist_attaches_two_pods_that_reach_each_other(string version)
    {
        var config = Documented.Replace("0.3.1", version, StringComparison.Ordinal);
        await using var lab = await CniLab.StartAsync(["ens192"]);
        await Lifecycle.RunAsync(lab, config, MacvlanOnEns192 with { CniVersion = version }, CniLab.DefaultPools());
    }

    [SkippableTheory]
    [MemberData(nameof(Versions))]
    public async Task Runtime_injects_name_and_version_and_chains_prevResult_like_libcni(string version)
    {
        var config = Documented.Replace("0.3.1", version, StringComparison.Ordinal);
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var result = await lab.AddAsync(config, pod);
        if (CniVersion.HasCheck(version))
        {
            await lab.CheckAsync(config, pod);
        }
        await lab.DeleteAsync(config, pod);

        var calls = lab.Runtime.Invocations;
        Assert.Equal(
            CniVersion.HasCheck(version)
                ? ["ADD macvlan", "ADD coordinator", "CHECK macvlan", "CHECK coordinator", "DEL coordinator", "DEL macvlan"]
                : new[] { "ADD macvlan", "ADD coordinator", "DEL coordinator", "DEL macvlan" },
            calls.Select(c => $"{c.Command} {c.PluginType}"));
        foreach (var call in calls)
        {
            var conf = (JsonObject)JsonNode.Parse(call.Config)!;
            Assert.Equal("macvlan-ens192", (string?)conf["name"]);
            Assert.Equal(version, (string?)conf["cniVersion"]);
        }
        var macvlanAdd = JsonNode.Parse(calls[0].Config)!;
        Assert.Null(macvlanAdd["prevResult"]);
        var coordinatorAdd = JsonNode.Parse(calls[1].Config)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(calls[0].Stdout), coordinatorAdd["prevResult"]), "coordinator's prevResult must be macvlan's result");
        Assert.True(JsonNode.DeepEquals(result, JsonNode.Parse(calls[1].Stdout)), "the final result is the last plugin's");
        foreach (var del in calls.Where(c => c.Command == "DEL"))
        {
            var prev = JsonNode.Parse(del.Config)!["prevResult"];
            // libcni passes the cached result on DEL only from 0.4.0 on.
            Assert.True(CniVersion.HasCheck(version) ? JsonNode.DeepEquals(prev, result) : prev is null, $"DEL prevResult for {version}: {prev?.ToJsonString()}");
        }

        // The stand-ins saw the standard environment, and IPAM was called by macvlan with the same netns.
        var records = lab.Records;
        Assert.Contains(records, r => r.Plugin == "spiderpool" && r.Command == "ADD");
        Assert.All(records, r =>
        {
            Assert.Equal(pod.Rt.ContainerId, r.Env["CNI_CONTAINERID"]);
            Assert.Equal("net1", r.Env["CNI_IFNAME"]);
            Assert.Equal(lab.Path.BinDir, r.Env["CNI_PATH"]);
            Assert.Contains("K8S_POD_NAMESPACE=team1", r.Env["CNI_ARGS"], StringComparison.Ordinal);
            if (r.Command != "DEL")
            {
                Assert.Equal(pod.Ns.Path, r.Env["CNI_NETNS"]);
            }
        });
    }

    [SkippableFact]
    public async Task A_failing_plugin_reports_its_config_stdout_and_stderr()
    {
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var config = Documented.Replace("\"master\":\"ens192\"", "\"master\":\"nope0\"", StringComparison.Ordinal);
        var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync(config, pod));
        Assert.Equal("macvlan", failure.PluginType);
        Assert.Equal("Link not found", failure.Error?.Msg);
        Assert.Contains("\"master\":\"nope0\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains("stderr:", failure.Message, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"macvlan-ens192\"", failure.Config, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Real_plugins_refuse_a_version_none_of_them_supports()
    {
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync(Documented.Replace("0.3.1", "1.1.0", StringComparison.Ordinal), pod));
        Assert.Equal(1, failure.Error?.Code);
        Assert.Equal("incompatible CNI versions", failure.Error?.Msg);
    }
}
