using System.Net;
using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Netns;
using MultusConfig.Cni.Tests.Rendering;
using MultusConfig.Cni.Tests.StandIns;

namespace MultusConfig.Cni.Tests.Lab;

/// <summary>
/// The whole life of an attachment as Multus drives it, for a macvlan-style config on one master:
/// pods ADD; each gets its interface on the master with the expected mode, MTU, address and sysctls;
/// two pods ping each other; CHECK passes where the version has it; DEL leaves neither interface, nor
/// address allocation, nor host-side link, nor tuning state behind. One pod (no ping) is the cheaper
/// variant for configs whose data path another test already proved.
/// </summary>
public static class Lifecycle
{
    public static async Task RunAsync(CniLab lab, string config, SmcExpectation expected, PoolBook pools, int podCount = 2, string kind = "macvlan", string? mode = "bridge")
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(expected);
        var list = NetworkList.Parse(config);
        Assert.Equal(expected.CniVersion, list.Version);
        var hostLinksBefore = await lab.Host.LinkNamesAsync();
        var pods = new Pod[podCount];
        for (var i = 0; i < podCount; i++)
        {
            pods[i] = await lab.AddPodAsync($"pod{i + 1}", ips: expected.Own is { IpsFromRuntime: true } ? [OwnIpam.RuntimeIp(i)] : null);
        }

        for (var i = 0; i < pods.Length; i++)
        {
            var result = await lab.AddAsync(config, pods[i]);
            var v4 = expected.Ipv4For(pools, i);
            var v6 = expected.Ipv6For(pools, i);
            ResultAssert.Describes(result, pods[i], [.. new[] { v4, v6 }.OfType<string>()]);
            await LinkAssert.AttachedAsync(pods[i], lab.Host, kind, mode, expected.Master!, expected.Mtu ?? SmcExpectation.HostMtu);
            Assert.Equal(v4 is null ? [] : [v4], await pods[i].Ns.AddressesAsync(pods[i].IfName));
            if (v6 is not null)
            {
                Assert.Contains(v6, await pods[i].Ns.AddressesAsync(pods[i].IfName, "inet6"));
            }
            foreach (var (dst, gw) in expected.Own?.Routes ?? [])
            {
                await AssertRouteAsync(pods[i], dst, gw);
            }
            foreach (var (key, value) in expected.Sysctls)
            {
                Assert.Equal(value, await pods[i].Ns.SysctlAsync(key.Replace('.', '/')));
            }
        }

        // Without IPAM the interfaces have no address; give them some by hand (inside the pods only) to prove the link works.
        var addresses = new string[pods.Length];
        for (var i = 0; i < pods.Length; i++)
        {
            addresses[i] = expected.Ipv4For(pools, i) ?? $"10.250.0.{200 + i}/24";
            if (!expected.Ipam)
            {
                await pods[i].Ns.IpAsync("addr", "add", addresses[i], "dev", pods[i].IfName);
            }
        }
        if (pods.Length >= 2)
        {
            await AssertPingAsync(pods[0], pods[1], addresses[1]);
            await AssertPingAsync(pods[1], pods[0], addresses[0]);
        }

        if (CniVersion.HasCheck(list.Version))
        {
            foreach (var pod in pods)
            {
                await lab.CheckAsync(config, pod);
            }
        }
        else
        {
            await Assert.ThrowsAsync<NotSupportedException>(() => lab.CheckAsync(config, pods[0]));
        }

        foreach (var pod in pods)
        {
            await lab.DeleteAsync(config, pod);
            await LinkAssert.GoneAsync(pod);
        }
        Assert.Empty(lab.Path.Allocations);
        Assert.Equal(hostLinksBefore, await lab.Host.LinkNamesAsync());
        AssertNoTuningState(pods);
        AssertStandInsSawEveryCommand(lab, list);
    }

    /// <summary>The pod's routing table has the route on its interface (read with <c>ip -j route</c> inside the pod).</summary>
    public static async Task AssertRouteAsync(Pod pod, string dst, string? gw)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(dst);
        var family = dst.Contains(':', StringComparison.Ordinal) ? "-6" : "-4";
        var outcome = await pod.Ns.IpAsync("-j", family, "route", "show", "dev", pod.IfName);
        var routes = System.Text.Json.Nodes.JsonNode.Parse(outcome.Stdout) as System.Text.Json.Nodes.JsonArray ?? [];
        Assert.True(routes.Any(r => (string?)r?["dst"] == dst && (gw is null || (string?)r?["gateway"] == gw)),
            $"{pod.Ns.Name} has no route to {dst}{(gw is null ? "" : " via " + gw)} on {pod.IfName}: {outcome.Stdout}");
    }

    public static async Task AssertPingAsync(Pod from, Pod to, string cidr)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(cidr);
        var target = IPAddress.Parse(cidr.Split('/')[0]);
        Assert.True(await Pinger.PingAsync(from.Ns, target), $"{from.Ns.Name} got no echo reply from {target} ({to.Ns.Name})");
    }

    public static void AssertNoTuningState(IEnumerable<Pod> pods)
    {
        foreach (var pod in pods)
        {
            var file = $"/run/cni/tuning/{pod.Rt.ContainerId}_{pod.IfName}.json";
            Assert.False(File.Exists(file), $"tuning left its state file {file} after DEL");
        }
    }

    /// <summary>Each stand-in in the list was called for ADD and DEL (and CHECK where the version has it) and never failed.</summary>
    public static void AssertStandInsSawEveryCommand(CniLab lab, NetworkList list)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(list);
        var records = lab.Records;
        var commands = CniVersion.HasCheck(list.Version) ? new[] { "ADD", "CHECK", "DEL" } : ["ADD", "DEL"];
        foreach (var type in list.Plugins.Select(p => (string?)p["type"]).Where(t => t is "coordinator" or "ifacer" or "rdma"))
        {
            foreach (var command in commands)
            {
                Assert.True(records.Any(r => r.Plugin == type && r.Command == command), $"stand-in {type} never got {command}");
            }
        }
    }
}
