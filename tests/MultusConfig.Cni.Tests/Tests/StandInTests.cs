using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Lab;
using MultusConfig.Cni.Tests.StandIns;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// The stand-ins hold rendered configs to the keys the real spiderpool, coordinator, ifacer and rdma
/// binaries read, fail like plugins (CNI error object), and record what they received.
/// </summary>
public class StandInTests
{
    private static string Chain(string version, string coordinator) =>
        """{"cniVersion":"@VERSION@","name":"n","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},@COORDINATOR@]}""".Replace("@VERSION@", version, StringComparison.Ordinal).Replace("@COORDINATOR@", coordinator, StringComparison.Ordinal);

    public static TheoryData<string, string> BadCoordinators() => new()
    {
        { """{"type":"coordinator","tunePodRoute":true}""", "unknown key 'tunePodRoute'" },
        { """{"type":"coordinator","mode":"disabled"}""", "unknown tuneMode: disabled" },
        { """{"type":"coordinator","hijackCIDR":["169.254.25.10"]}""", "is not a CIDR" },
        { """{"type":"coordinator","podRPFilter":3}""", "podRPFilter: value 3 is out of range" },
        { """{"type":"coordinator","txQueueLen":"0"}""", "txQueueLen must be an integer" },
        { """{"type":"coordinator","podMACPrefix":"01:1b"}""", "MAC prefix pattern" },
        { """{"type":"coordinator","podDefaultRouteNIC":"eth0"}""", "unknown key 'podDefaultRouteNIC'" },
        { """{"type":"coordinator","policyRoutes":[{"dst":"10.0.0.0/8"}]}""", "policyRoutes[0].gw is required" },
        { """{"type":"coordinator","policyRoutes":[{"dst":"fd00::/8","gw":"10.0.0.1"}]}""", "must use the same IP family" },
        { """{"type":"coordinator","vethMTU":0}""", "vethMTU: value 0 is out of range" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadCoordinators))]
    public async Task Coordinator_stand_in_rejects_keys_the_real_coordinator_would_not_read_or_would_refuse(string coordinator, string expected)
    {
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var config = Chain("0.4.0", coordinator);
        var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync(config, pod));
        Assert.Equal("coordinator", failure.PluginType);
        Assert.Equal(StandInException.InvalidConfig, failure.Error?.Code);
        Assert.Contains(expected, failure.Error?.Msg, StringComparison.Ordinal);
        await lab.DeleteAsync(config.Replace(coordinator, """{"type":"coordinator"}""", StringComparison.Ordinal), pod);
    }

    [SkippableFact]
    public async Task Coordinator_stand_in_accepts_every_option_the_spec_renders_and_passes_prevResult_through()
    {
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var coordinator = """{"txQueueLen":500,"vethLinkAddress":"169.254.100.1","vethMTU":1400,"tunePodRoutes":false,"podMACPrefix":"0a:1b","mode":"underlay","type":"coordinator","podDefaultRouteNic":"net1","podRPFilter":-1,"hijackCIDR":["10.233.0.0/18"],"policyRoutes":[{"dst":"10.9.0.0/16","gw":"10.250.0.1"}]}""";
        var config = Chain("1.0.0", coordinator);
        var result = await lab.AddAsync(config, pod);
        var macvlanResult = JsonNode.Parse(lab.Runtime.Invocations[0].Stdout);
        Assert.True(JsonNode.DeepEquals(macvlanResult, result), "the coordinator stand-in must hand prevResult on unchanged");
        var received = lab.Records.Single(r => r.Plugin == "coordinator" && r.Command == "ADD").Config;
        Assert.Equal(500, (int?)received["txQueueLen"]);
        Assert.True(JsonNode.DeepEquals(macvlanResult, received["prevResult"]));
        await lab.CheckAsync(config, pod);
        await lab.DeleteAsync(config, pod);
    }

    [SkippableFact]
    public async Task Coordinator_stand_in_must_be_chained()
    {
        await using var lab = await CniLab.StartAsync([]);
        var pod = await lab.AddPodAsync("pod1");
        var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync("""{"cniVersion":"1.0.0","name":"n","type":"coordinator"}""", pod));
        Assert.Contains("prevResult missing", failure.Error?.Msg, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Spiderpool_stand_in_hands_out_addresses_of_the_named_pool_and_releases_them_on_DEL()
    {
        var pools = CniLab.DefaultPools();
        pools.Pools["blue"] = new Pool { Addresses = ["10.250.0.50/24", "10.250.0.51/24"], Gateway = "10.250.0.1" };
        pools.Pools["blue6"] = new Pool { Addresses = ["fd00:250::50/64"] };
        await using var lab = await CniLab.StartAsync(["ens192"], pools);
        var pod = await lab.AddPodAsync("pod1");
        var config = """{"cniVersion":"0.3.1","name":"n","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool","default_ipv4_ippool":["blue"],"default_ipv6_ippool":["blue6"]}}]}""";
        var result = await lab.AddAsync(config, pod);
        ResultAssert.Describes(result, pod, ["10.250.0.50/24", "fd00:250::50/64"]);
        var ips = (JsonArray)result["ips"]!;
        Assert.Equal(["4", "6"], ips.Select(i => (string?)i?["version"]).Order(StringComparer.Ordinal));
        Assert.Contains(ips, i => (string?)i?["gateway"] == "10.250.0.1");
        Assert.Contains("fd00:250::50/64", await pod.Ns.AddressesAsync("net1", "inet6"));
        Assert.Equal(2, lab.Path.Allocations.Count);
        await lab.DeleteAsync(config, pod);
        Assert.Empty(lab.Path.Allocations);
    }

    [SkippableTheory]
    [InlineData("""{"type":"spiderpool","default_ipv4_ippool":["nope"]}""", "IPPool 'nope' not found")]
    [InlineData("""{"type":"spiderpool","default_ipv4_pool":["x"]}""", "unknown key 'default_ipv4_pool'")]
    [InlineData("""{"type":"spiderpool","match_master_subnet":"true"}""", "match_master_subnet must be a boolean")]
    public async Task Spiderpool_stand_in_refuses_unknown_pools_and_keys(string ipam, string expected)
    {
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync(
            """{"cniVersion":"1.0.0","name":"n","type":"macvlan","master":"ens192","mode":"bridge","ipam":@IPAM@}""".Replace("@IPAM@", ipam, StringComparison.Ordinal), pod));
        // macvlan wraps IPAM errors in its own, keeping the message.
        Assert.Equal("macvlan", failure.PluginType);
        Assert.Contains(expected, failure.Error?.Msg, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("""{"type":"ifacer","interfaces":[]}""", "interfaces have at least one interface")]
    [InlineData("""{"type":"ifacer","interfaces":["ens192"],"vlanID":4095}""", "vlanID: value 4095 is out of range")]
    [InlineData("""{"type":"ifacer","interfaces":["ens192","ens224"],"bond":{"name":"bond0","mode":7}}""", "bond.mode: value 7 is out of range")]
    [InlineData("""{"type":"ifacer","interfaces":["ens192"],"vlanId":5}""", "unknown key 'vlanId'")]
    [InlineData("""{"type":"ifacer","interfaces":["eth9"]}""", "interface eth9 not found")]
    public async Task Ifacer_stand_in_checks_its_keys_and_that_the_interfaces_exist_on_the_node(string ifacer, string expected)
    {
        await using var lab = await CniLab.StartAsync(["ens192", "ens224"]);
        var pod = await lab.AddPodAsync("pod1");
        var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync(
            """{"cniVersion":"0.3.1","name":"n","plugins":[@IFACER@,{"type":"macvlan","master":"ens192","mode":"bridge"}]}""".Replace("@IFACER@", ifacer, StringComparison.Ordinal), pod));
        Assert.Equal("ifacer", failure.PluginType);
        Assert.Contains(expected, failure.Error?.Msg, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Rdma_stand_in_accepts_only_common_keys_and_passes_prevResult_through()
    {
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var good = """{"cniVersion":"0.4.0","name":"n","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},{"type":"rdma"}]}""";
        var result = await lab.AddAsync(good, pod);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(lab.Runtime.Invocations[0].Stdout), result));
        await lab.CheckAsync(good, pod);
        await lab.DeleteAsync(good, pod);

        var bad = good.Replace("""{"type":"rdma"}""", """{"type":"rdma","rdmaIsolation":true}""", StringComparison.Ordinal);
        var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync(bad, pod));
        Assert.Contains("unknown key 'rdmaIsolation'", failure.Error?.Msg, StringComparison.Ordinal);
        await lab.DeleteAsync(good, pod);
    }

    [SkippableFact]
    public async Task Stand_in_scripts_are_named_as_stand_ins_and_only_exist_where_no_real_plugin_does()
    {
        await using var lab = await CniLab.StartAsync([]);
        foreach (var type in StandInHost.Types)
        {
            Assert.False(File.Exists(Path.Combine(Prerequisites.PluginDir, type)));
            Assert.Contains("TEST STAND-IN", await File.ReadAllTextAsync(Path.Combine(lab.Path.BinDir, type)), StringComparison.Ordinal);
            Assert.Equal(StandInHost.SupportedVersions, await lab.Runtime.SupportedVersionsAsync(type));
        }
    }
}
