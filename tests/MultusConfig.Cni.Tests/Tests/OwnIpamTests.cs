using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Lab;
using MultusConfig.Cni.Tests.Rendering;
using MultusConfig.Core.Pipeline;
using MultusConfig.Testing;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// spec.ipam and the interface modes (our extensions) rendered by Core and run on Debian's real plugins:
/// host-local, static (also with capabilities.ips as Multus passes the pod's addresses), dhcp with the real daemon
/// and a real DHCP server, macvlan's modes; whereabouts, not packaged here, by its stand-in.
/// </summary>
public class OwnIpamTests
{
    private static JsonObject Smc(string name, string spec, string version = "1.0.0") => new()
    {
        ["apiVersion"] = "spiderpool.spidernet.io/v2beta1",
        ["kind"] = "SpiderMultusConfig",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "team1", ["annotations"] = new JsonObject { ["multus.spidernet.io/cni-version"] = version } },
        ["spec"] = JsonNode.Parse(spec.Replace('\'', '"')),
    };

    [SkippableFact]
    public async Task Host_local_gives_two_pods_the_smcs_addresses_and_routes_they_reach_each_other_and_DEL_releases_the_addresses()
    {
        var manifest = Smc("hl-two-pods", "{'cniType':'macvlan','enableCoordinator':false,'macvlan':{'master':['ens192']},'ipam':{'type':'host-local','ranges':[[{'subnet':'10.250.0.0/24','rangeStart':'10.250.0.100','rangeEnd':'10.250.0.109','gateway':'10.250.0.1'}]],'routes':[{'dst':'10.99.0.0/16','gw':'10.250.0.1'}]}}");
        var config = Renderer.Render(manifest, RenderProfile.Documented);
        await using var lab = await CniLab.StartAsync(["ens192"]);
        // Declared after the lab, so disposed before it: the lab then removes the emptied parents (HostDirectories).
        using var hostLocal = await HostLocalState.EnterAsync(["/var/lib/cni/networks/hl-two-pods"]);
        var pod1 = await lab.AddPodAsync("pod1");
        var pod2 = await lab.AddPodAsync("pod2");

        ResultAssert.Describes(await lab.AddAsync(config, pod1), pod1, ["10.250.0.100/24"]);
        ResultAssert.Describes(await lab.AddAsync(config, pod2), pod2, ["10.250.0.101/24"]);
        Assert.Equal(["10.250.0.100/24"], await pod1.Ns.AddressesAsync("net1"));
        Assert.Equal(["10.250.0.101/24"], await pod2.Ns.AddressesAsync("net1"));
        await Lifecycle.AssertRouteAsync(pod1, "10.99.0.0/16", "10.250.0.1");
        await Lifecycle.AssertRouteAsync(pod2, "10.99.0.0/16", "10.250.0.1");
        Assert.Equal(["10.250.0.100", "10.250.0.101"], hostLocal.Reservations.Order(StringComparer.Ordinal));
        await Lifecycle.AssertPingAsync(pod1, pod2, "10.250.0.101/24");
        await Lifecycle.AssertPingAsync(pod2, pod1, "10.250.0.100/24");
        await lab.CheckAsync(config, pod1);

        await lab.DeleteAsync(config, pod1);
        Assert.Equal(["10.250.0.101"], hostLocal.Reservations);
        await lab.DeleteAsync(config, pod2);
        Assert.Empty(hostLocal.Reservations);
        await LinkAssert.GoneAsync(pod1);
    }

    [SkippableFact]
    public async Task Static_addresses_and_routes_of_two_smcs_reach_each_other_on_one_master()
    {
        string Spec(string address) => "{'cniType':'macvlan','enableCoordinator':false,'macvlan':{'master':['ens192']},'ipam':{'type':'static','addresses':[{'address':'" + address + "','gateway':'10.250.0.1'}],'routes':[{'dst':'10.99.0.0/16','gw':'10.250.0.1'}],'dns':{'nameservers':['10.250.0.53']}}}";
        var configA = Renderer.Render(Smc("static-a", Spec("10.250.0.10/24")), RenderProfile.Documented);
        var configB = Renderer.Render(Smc("static-b", Spec("10.250.0.11/24"), "0.3.1"), RenderProfile.Spiderpool);
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod1 = await lab.AddPodAsync("pod1");
        var pod2 = await lab.AddPodAsync("pod2");

        var result = await lab.AddAsync(configA, pod1);
        ResultAssert.Describes(result, pod1, ["10.250.0.10/24"]);
        // static accepted the dns object, but macvlan (like ipvlan and vlan) returns its own top-level dns key in place of
        // the IPAM's (containernetworking/plugins plugins/main/macvlan/macvlan.go: result.DNS = n.DNS); docs/differences.md.
        Assert.Null(result["dns"]?["nameservers"]);
        ResultAssert.Describes(await lab.AddAsync(configB, pod2), pod2, ["10.250.0.11/24"]);
        Assert.Equal(["10.250.0.10/24"], await pod1.Ns.AddressesAsync("net1"));
        Assert.Equal(["10.250.0.11/24"], await pod2.Ns.AddressesAsync("net1"));
        await Lifecycle.AssertRouteAsync(pod1, "10.99.0.0/16", "10.250.0.1");
        await Lifecycle.AssertRouteAsync(pod2, "10.99.0.0/16", "10.250.0.1");
        await Lifecycle.AssertPingAsync(pod1, pod2, "10.250.0.11/24");
        await lab.CheckAsync(configA, pod1);
        await lab.DeleteAsync(configA, pod1);
        await lab.DeleteAsync(configB, pod2);
        await LinkAssert.GoneAsync(pod1);
        await LinkAssert.GoneAsync(pod2);
    }

    [SkippableFact]
    public async Task Static_without_addresses_takes_each_pods_address_from_runtimeConfig_ips_as_Multus_passes_it()
    {
        var config = Renderer.Render(Smc("static-ips", "{'cniType':'macvlan','enableCoordinator':false,'macvlan':{'master':['ens192']},'ipam':{'type':'static'}}"), RenderProfile.Documented);
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod1 = await lab.AddPodAsync("pod1", ips: ["10.250.0.21/24"]);
        var pod2 = await lab.AddPodAsync("pod2", ips: ["10.250.0.22/24"]);

        ResultAssert.Describes(await lab.AddAsync(config, pod1), pod1, ["10.250.0.21/24"]);
        ResultAssert.Describes(await lab.AddAsync(config, pod2), pod2, ["10.250.0.22/24"]);
        // The address reached the plugin only as runtimeConfig.ips, injected because the main plugin declares the capability.
        var received = JsonNode.Parse(lab.Runtime.Invocations.First(i => i.Command == "ADD").Config)!;
        Assert.Equal("""{"ips":["10.250.0.21/24"]}""", received["runtimeConfig"]!.ToJsonString());
        Assert.Null(received["ipam"]!["addresses"]);
        Assert.Equal(["10.250.0.22/24"], await pod2.Ns.AddressesAsync("net1"));
        await Lifecycle.AssertPingAsync(pod1, pod2, "10.250.0.22/24");
        await lab.CheckAsync(config, pod1);
        await lab.DeleteAsync(config, pod1);
        await lab.DeleteAsync(config, pod2);
        await LinkAssert.GoneAsync(pod2);
    }

    [SkippableFact]
    public Task Dhcp_gives_two_pods_leases_from_a_real_dhcp_server_and_DEL_releases_them() =>
        SmcCaseRunner.RunAsync(Smc("dhcp-two-pods", "{'cniType':'macvlan','enableCoordinator':false,'macvlan':{'master':['ens192']},'ipam':{'type':'dhcp'}}"), RenderProfile.Documented, podCount: 2);

    [SkippableTheory]
    [InlineData("private")]
    [InlineData("vepa")]
    [InlineData("passthru")]
    public Task Macvlan_mode_is_the_mode_of_the_pods_link(string mode) =>
        // SmcCaseRunner reads the link back with ip -d link and compares its mode (LinkAssert.AttachedAsync).
        SmcCaseRunner.RunAsync(Smc("mv-" + mode, "{'cniType':'macvlan','enableCoordinator':false,'macvlan':{'master':['ens192'],'mode':'" + mode + "'},'ipam':{'type':'host-local','ranges':[[{'subnet':'10.250.0.0/24'}]]}}"), RenderProfile.Documented);

    [SkippableTheory]
    [InlineData("l2")]
    [InlineData("l3")]
    [InlineData("l3s")]
    public Task Ipvlan_mode_passes_the_plugins_config_parsing(string mode) =>
        // ipvlan parses the mode (modeFromString) before it asks the kernel for the link: an unknown mode fails there.
        SmcCaseRunner.RunAsync(Smc("ipv-" + mode, "{'cniType':'ipvlan','enableCoordinator':false,'ipvlan':{'master':['ens192'],'mode':'" + mode + "'},'ipam':{'type':'static','addresses':[{'address':'10.250.0.10/24'}]}}"), RenderProfile.Documented);

    [SkippableTheory]
    [InlineData("""{"type":"whereabouts","range":"10.250.0.0/24","rangeStart":"10.250.0.10"}""", "unknown key 'rangeStart'")]
    [InlineData("""{"type":"whereabouts"}""", "ipam.range is required")]
    [InlineData("""{"type":"whereabouts","range":"10.250.0.0/24","range_start":"10.9.0.1"}""", "invalid range start for CIDR")]
    [InlineData("""{"type":"whereabouts","range":"10.250.0.0/24","exclude":["10.250.0.1"]}""", "invalid CIDR in exclude list")]
    [InlineData("""{"type":"whereabouts","range":"10.250.0.0/24","routes":[{"gw":"10.250.0.1"}]}""", "ipam.routes[0].dst is required")]
    public async Task Whereabouts_stand_in_refuses_keys_whereabouts_would_not_read_or_would_refuse(string ipam, string expected)
    {
        await using var lab = await CniLab.StartAsync(["ens192"]);
        var pod = await lab.AddPodAsync("pod1");
        var config = $$"""{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{{ipam}}}]}""";
        var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync(config, pod));
        Assert.Contains(expected, failure.Error?.Msg, StringComparison.Ordinal);
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 12)];

    /// <summary>The population of Core's IpamPropertyTests (tests/Shared/RandomIpam.cs), here on the real plugins.</summary>
    [SkippableTheory]
    [MemberData(nameof(Seeds))]
    public Task Generated_valid_smc_with_spec_ipam_renders_a_config_the_real_plugins_run(int seed)
    {
        var random = new Random(seed);
        var c = new RandomIpam(random, Path.Combine(Path.GetTempPath(), "smc-hl-" + seed)).Next(RandomIpam.Types[seed % 3]);
        var manifest = Smc("gen-" + seed, c.Spec.ToJsonString(), c.CniVersion);
        return SmcCaseRunner.RunAsync(manifest, seed % 2 == 0 ? RenderProfile.Documented : RenderProfile.Spiderpool, podCount: 1);
    }
}
