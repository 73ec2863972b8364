using System.Net;
using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Infrastructure;
using MultusConfig.Cni.Tests.Netns;
using MultusConfig.Cni.Tests.Rendering;

namespace MultusConfig.Cni.Tests.Lab;

/// <summary>
/// The dhcp IPAM for real: a lab whose master's veth peer (p0, in the lab's host namespace) carries a real DHCP
/// server (dnsmasq, bound to p0 only), and the real dhcp plugin's daemon (/usr/lib/cni/dhcp daemon), started in
/// the lab's host namespace on the plugin's default socket /run/cni/dhcp.sock, since the rendered ipam object
/// names none (plugins/ipam/dhcp/main.go: daemonSocketPath, default defaultSocketPath). Pods get a lease from
/// dnsmasq, reach the server and each other, and DEL releases the lease (DHCPRELEASE, dnsmasq drops it from its
/// lease file). Both daemons are this test's own processes, stopped by their ids; the socket is removed; nothing
/// outside the lab's namespaces is touched. Labs run one at a time (one socket).
/// </summary>
public static class DhcpLab
{
    public const string SocketPath = "/run/cni/dhcp.sock";
    public const string ServerAddress = "10.250.0.1";
    private const string Peer = "p0";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task RunAsync(string config, SmcExpectation expected, int podCount)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Prerequisites.Require();
        Skip.If(!File.Exists("/usr/sbin/dnsmasq"), "dnsmasq is not installed (./test.sh installs dnsmasq-base as root)");
        var list = NetworkList.Parse(config);
        await Gate.WaitAsync();
        try
        {
            Assert.False(File.Exists(SocketPath), $"{SocketPath} exists: another dhcp daemon runs on this machine, and this test will not replace it");
            await using var lab = await CniLab.StartAsync(expected.HostInterfaces);
            Assert.Equal(expected.Master, expected.HostInterfaces[0]);
            await lab.Host.IpAsync("addr", "add", ServerAddress + "/24", "dev", Peer);
            var leases = Path.Combine(lab.Path.Root, "dnsmasq.leases");
            File.WriteAllText(leases, "");
            await using var dnsmasq = DaemonProcess.Start("ip", "netns", "exec", lab.Host.Name, "/usr/sbin/dnsmasq",
                "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--port=0", "--user=root",
                $"--interface={Peer}", "--bind-interfaces", "--dhcp-authoritative", "--dhcp-range=10.250.0.100,10.250.0.150,255.255.255.0,1h",
                $"--dhcp-leasefile={leases}", $"--pid-file={Path.Combine(lab.Path.Root, "dnsmasq.pid")}", "--log-facility=-", "--log-dhcp");
            await using var daemon = DaemonProcess.Start("ip", "netns", "exec", lab.Host.Name, Path.Combine(Prerequisites.PluginDir, "dhcp"), "daemon",
                "-socketpath", SocketPath, "-pidfile", Path.Combine(lab.Path.Root, "dhcp.pid"));
            try
            {
                await Eventually(() => File.Exists(SocketPath) || daemon.HasExited, "the dhcp daemon to listen on " + SocketPath);
                Assert.False(daemon.HasExited, "the dhcp daemon exited: " + daemon.Output);
                Assert.False(dnsmasq.HasExited, "dnsmasq exited: " + dnsmasq.Output);
                await RunPodsAsync(lab, config, list, expected, podCount, leases, dnsmasq, daemon);
            }
            finally
            {
                await daemon.DisposeAsync();
                if (File.Exists(SocketPath))
                {
                    File.Delete(SocketPath);
                }
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task RunPodsAsync(CniLab lab, string config, NetworkList list, SmcExpectation expected, int podCount, string leases, DaemonProcess dnsmasq, DaemonProcess daemon)
    {
        var pods = new List<(Pod Pod, string Address)>();
        for (var i = 0; i < podCount; i++)
        {
            var pod = await lab.AddPodAsync($"pod{i + 1}");
            System.Text.Json.Nodes.JsonObject result;
            try
            {
                result = await lab.AddAsync(config, pod);
            }
            catch (CniPluginException e)
            {
                throw new Xunit.Sdk.XunitException($"{e.Message}\n--- dhcp daemon\n{daemon.Output}\n--- dnsmasq\n{dnsmasq.Output}");
            }
            var address = (string?)result["ips"]?[0]?["address"] ?? throw new Xunit.Sdk.XunitException("the dhcp result has no address: " + result.ToJsonString());
            var ip = IPAddress.Parse(address.Split('/')[0]).GetAddressBytes();
            Assert.True(address.EndsWith("/24", StringComparison.Ordinal) && ip[0] == 10 && ip[1] == 250 && ip[2] == 0 && ip[3] is >= 100 and <= 150,
                $"the lease {address} is not from dnsmasq's range 10.250.0.100-150/24");
            ResultAssert.Describes(result, pod, [address]);
            await LinkAssert.AttachedAsync(pod, lab.Host, "macvlan", expected.Mode ?? "bridge", expected.Master!, expected.Mtu ?? SmcExpectation.HostMtu);
            Assert.Equal([address], await pod.Ns.AddressesAsync(pod.IfName));
            await Eventually(() => File.ReadAllText(leases).Contains(" " + address.Split('/')[0] + " ", StringComparison.Ordinal), $"dnsmasq to record the lease of {address}");
            Assert.True(await Pinger.PingAsync(pod.Ns, IPAddress.Parse(ServerAddress)), $"{pod.Ns.Name} cannot reach the DHCP server {ServerAddress}");
            pods.Add((pod, address));
        }
        if (pods.Count >= 2)
        {
            await Lifecycle.AssertPingAsync(pods[0].Pod, pods[1].Pod, pods[1].Address);
        }
        if (CniVersion.HasCheck(list.Version))
        {
            foreach (var (pod, _) in pods)
            {
                await lab.CheckAsync(config, pod);
            }
        }
        foreach (var (pod, address) in pods)
        {
            await lab.DeleteAsync(config, pod);
            await LinkAssert.GoneAsync(pod);
            await Eventually(() => !File.ReadAllText(leases).Contains(" " + address.Split('/')[0] + " ", StringComparison.Ordinal), $"dnsmasq to drop the released lease of {address}");
        }
    }

    /// <summary>Waits for a state another process brings about; the bound only turns a hang into a failure.</summary>
    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "gave up waiting for " + what);
            await Task.Delay(50);
        }
    }
}
