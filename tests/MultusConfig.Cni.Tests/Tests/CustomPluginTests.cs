using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Lab;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// Hand-written custom configs (what users put in customCNI) for bridge, host-device and tuning, run
/// through the real plugins. Independent of Core's pipeline.
/// </summary>
public class CustomPluginTests
{
    [SkippableTheory]
    [InlineData("0.3.1")]
    [InlineData("1.0.0")]
    public async Task Bridge_attaches_two_pods_that_reach_each_other_and_DEL_removes_their_veths(string version)
    {
        await using var lab = await CniLab.StartAsync([]);
        var config = """{"cniVersion":"@VERSION@","name":"br-net","plugins":[{"type":"bridge","bridge":"br-test","ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""".Replace("@VERSION@", version, StringComparison.Ordinal);
        await BridgeLifecycle.RunTwoPodsAsync(lab, config);
    }

    [SkippableTheory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    public async Task Host_device_moves_the_device_into_the_pod_and_DEL_moves_it_back(string version)
    {
        await using var lab = await CniLab.StartAsync(["ens193"]);
        var mac = (string?)(await lab.Host.LinkAsync("ens193"))!["address"];
        var pod = await lab.AddPodAsync("pod1");
        var config = """{"cniVersion":"@VERSION@","name":"hd-net","plugins":[{"type":"host-device","device":"ens193","ipam":{"type":"spiderpool"}},{"type":"tuning","sysctl":{"net.ipv4.conf.net1.arp_ignore":"1"}}]}""".Replace("@VERSION@", version, StringComparison.Ordinal);
        var result = await lab.AddAsync(config, pod);
        ResultAssert.Describes(result, pod, ["10.250.0.10/24"]);
        Assert.Null(await lab.Host.LinkAsync("ens193"));
        var moved = await pod.Ns.LinkAsync("net1");
        Assert.Equal(mac, (string?)moved?["address"]);
        Assert.Equal(["10.250.0.10/24"], await pod.Ns.AddressesAsync("net1"));
        Assert.Equal("1", await pod.Ns.SysctlAsync("net/ipv4/conf/net1/arp_ignore"));
        await lab.CheckAsync(config, pod);
        await lab.DeleteAsync(config, pod);
        await LinkAssert.GoneAsync(pod);
        Assert.Equal(mac, (string?)(await lab.Host.LinkAsync("ens193"))?["address"]);
        Assert.Empty(lab.Path.Allocations);
        Lifecycle.AssertNoTuningState([pod]);
    }

    [SkippableTheory]
    [InlineData("0.3.0")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    public async Task Tuning_sets_mtu_mac_promisc_and_sysctls_and_DEL_restores_nothing_behind(string version)
    {
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var config = """{"cniVersion":"@VERSION@","name":"tuned","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},{"type":"tuning","mtu":1280,"mac":"0a:1b:00:00:00:42","promisc":true,"sysctl":{"net.ipv4.conf.net1.arp_ignore":"1","net.ipv6.conf.net1.accept_ra":"0"}}]}""".Replace("@VERSION@", version, StringComparison.Ordinal);
        var result = await lab.AddAsync(config, pod);
        var link = await LinkAssert.AttachedAsync(pod, lab.Host, "macvlan", "bridge", "ens192", 1280);
        Assert.Equal("0a:1b:00:00:00:42", (string?)link["address"]);
        Assert.Equal("0a:1b:00:00:00:42", (string?)(result["interfaces"] as JsonArray)?.FirstOrDefault(i => (string?)i?["name"] == "net1")?["mac"]);
        Assert.True((int?)link["promiscuity"] > 0, "promisc was not set: " + link.ToJsonString());
        Assert.Equal("1", await pod.Ns.SysctlAsync("net/ipv4/conf/net1/arp_ignore"));
        Assert.Equal("0", await pod.Ns.SysctlAsync("net/ipv6/conf/net1/accept_ra"));
        Assert.True(File.Exists($"/run/cni/tuning/{pod.Rt.ContainerId}_net1.json"), "tuning keeps the original state until DEL");
        if (Cni.CniVersion.HasCheck(version))
        {
            await lab.CheckAsync(config, pod);
        }
        await lab.DeleteAsync(config, pod);
        await LinkAssert.GoneAsync(pod);
        Lifecycle.AssertNoTuningState([pod]);
    }

    [SkippableFact]
    public async Task Tuning_refuses_a_sysctl_outside_the_net_tree()
    {
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var config = """{"cniVersion":"1.0.0","name":"tuned","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},{"type":"tuning","sysctl":{"kernel.hostname":"x"}}]}""";
        var failure = await Assert.ThrowsAsync<Cni.CniPluginException>(() => lab.AddAsync(config, pod));
        Assert.Equal("tuning", failure.PluginType);
        Assert.Contains("invalid net sysctl key", failure.Error?.Msg, StringComparison.Ordinal);
        await lab.DeleteAsync(config, pod);
        Assert.Empty(lab.Path.Allocations);
    }

    [SkippableFact]
    public async Task Macvlan_single_config_with_static_ipam_runs_without_any_stand_in()
    {
        var config = """{"cniVersion":"1.0.0","name":"static-mv","type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"static","addresses":[{"address":"10.250.0.77/24"}]}}""";
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var result = await lab.AddAsync(config, pod);
        ResultAssert.Describes(result, pod, ["10.250.0.77/24"]);
        await lab.CheckAsync(config, pod);
        await lab.DeleteAsync(config, pod);
        await LinkAssert.GoneAsync(pod);
        Assert.Empty(lab.Records);
    }
}
