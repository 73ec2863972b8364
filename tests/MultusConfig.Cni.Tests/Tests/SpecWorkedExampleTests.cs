using MultusConfig.Cni.Tests.Rendering;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// The NAD configs the spec's worked examples (§6.11, reference output) promise for examples/e01…e12,
/// copied verbatim and run through the real plugins. Independent of Core's pipeline: it proves the
/// reference output is what a node accepts, and gives the runtime a fixed baseline.
/// </summary>
public class SpecWorkedExampleTests
{
    private const string Coord = """{"txQueueLen":0,"tunePodRoutes":true,"mode":"auto","type":"coordinator"}""";

    private static readonly Dictionary<string, string> Configs = new(StringComparer.Ordinal)
    {
        ["e01-macvlan.yaml"] = """{"cniVersion":"0.3.1","name":"net-a","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","mtu":0,"ipam":{"type":"spiderpool"}},""" + Coord + "]}",
        ["e02-ipvlan-bond-vlan.yaml"] = """{"cniVersion":"0.3.1","name":"ipvlan-bond9","plugins":[{"vlanID":30,"type":"ifacer","interfaces":["eno1","eno2"],"bond":{"name":"bond9","mode":6,"options":"miimon=50"}},{"type":"ipvlan","master":"bond9.30","mtu":0,"ipam":{"type":"spiderpool"}},""" + Coord + "]}",
        ["e03-vlan-ippools.yaml"] = """{"cniVersion":"0.3.1","name":"vlan200","plugins":[{"type":"vlan","master":"eth2","vlanMode":"manual","vlanId":200,"mtu":0,"ipam":{"type":"spiderpool","default_ipv4_ippool":["p4"],"default_ipv6_ippool":["p6"]}},""" + Coord + "]}",
        ["e04-sriov-rdma-mtu.yaml"] = """{"cniVersion":"0.3.1","name":"vf-net","plugins":[{"vlan":5,"min_tx_rate":0,"max_tx_rate":0,"type":"sriov","ipam":{"type":"spiderpool"}},{"type":"rdma"},""" + Coord + """,{"type":"tuning","mtu":1500}]}""",
        ["e05-ib-sriov.yaml"] = """{"cniVersion":"0.3.1","name":"ib-net","plugins":[{"type":"ib-sriov","pkey":"0x7fff","link_state":"enable","rdmaIsolation":true,"ibKubernetesEnabled":false,"ipam":{"type":"spiderpool"}},""" + Coord + "]}",
        ["e06-ipoib-disable-ipam.yaml"] = """{"cniVersion":"0.3.1","name":"ipoib-net","plugins":[{"type":"ipoib","master":"ib1"},""" + Coord + "]}",
        ["e07-ovs.yaml"] = """{"cniVersion":"0.3.1","name":"ovs-net","plugins":[{"vlan":0,"type":"ovs","bridge":"br-ex","ipam":{"type":"spiderpool"}},""" + Coord + "]}",
        ["e09-coordinator-options.yaml"] = """{"cniVersion":"0.3.1","name":"net-c","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","mtu":0,"ipam":{"type":"spiderpool"}},{"txQueueLen":500,"tunePodRoutes":true,"mode":"overlay","type":"coordinator","podDefaultRouteNic":"eth0","podRPFilter":-1,"hijackCIDR":["10.233.0.0/18"]}]}""",
        ["e10-chained-plugins.yaml"] = """{"cniVersion":"0.3.1","name":"net-d","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","mtu":0,"ipam":{"type":"spiderpool"}},{"sysctl":{"net.ipv4.conf.all.arp_notify":"1"},"type":"tuning"},{"capabilities":{"bandwidth":true},"type":"bandwidth"},""" + Coord + "]}",
        ["e11-annotations.yaml"] = """{"cniVersion":"0.4.0","name":"blue-net","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","mtu":0,"ipam":{"type":"spiderpool"}},""" + Coord + "]}",
        ["e12-ipam-coordinator-off.yaml"] = """{"cniVersion":"0.3.1","name":"net-e","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","mtu":1400}]}""",
    };

    public static TheoryData<string> Names() => [.. Configs.Keys];

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public async Task Reference_output_of_the_worked_example_runs_on_the_real_plugins(string example)
    {
        var path = Path.Combine(Repository.ExamplesDir, example);
        Assert.True(File.Exists(path), $"{path} is missing; the spec's worked example needs its SMC for the expectations");
        var manifest = Assert.Single(YamlManifests.Load(path));
        await SmcCaseRunner.RunConfigAsync(Configs[example], SmcExpectation.From(manifest), podCount: 1);
    }
}
