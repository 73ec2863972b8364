using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Netns;
using MultusConfig.Cni.Tests.StandIns;

namespace MultusConfig.Cni.Tests.Lab;

/// <summary>
/// One test's private node: a host namespace whose "physical" interfaces are veth pairs named like the
/// SMC's masters (both ends stay inside that namespace), pod namespaces, and a private CNI_PATH. Disposing
/// it deletes every namespace (and with them every veth and macvlan), the stand-ins' state and tuning's
/// state files for this lab's containers, whether the test passed or not.
/// </summary>
public sealed class CniLab : IAsyncDisposable
{
    /// <summary>The stand-in's cluster-default pool every lab starts with (addresses inside 10.250.0.0/24).</summary>
    public const string DefaultPool = "default-v4";

    private readonly List<Pod> _pods = [];
    private readonly string _id;

    private StandInServer? _server;

    private CniLab(string id, NetworkNamespace host, CniPathDirectory path)
    {
        _id = id;
        Host = host;
        Path = path;
        Runtime = new CniRuntime(host.Name, path.BinDir);
    }

    public NetworkNamespace Host { get; }
    public CniPathDirectory Path { get; }
    public CniRuntime Runtime { get; }

    /// <summary>Creates the host namespace with one veth per master name (peer ends named p0, p1… stay beside them).</summary>
    public static async Task<CniLab> StartAsync(IEnumerable<string> masters, PoolBook? pools = null)
    {
        Prerequisites.Require();
        await StaleNamespaceSweeper.SweepOnceAsync();
        var id = TestNames.Unique("lab");
        HostDirectories.Enter();
        NetworkNamespace host;
        try
        {
            host = await NetworkNamespace.CreateAsync(id + "-host");
        }
        catch
        {
            HostDirectories.Exit();
            throw;
        }
        CniLab? lab = null;
        try
        {
            lab = new CniLab(id, host, CniPathDirectory.Create(id));
            lab._server = StandInServer.Start(host, lab.Path.StateDir);
            lab.Path.WriteStandIns(lab._server);
            var n = 0;
            foreach (var master in masters.Distinct(StringComparer.Ordinal))
            {
                await lab.AddHostInterfaceAsync(master, "p" + n++);
            }
            lab.Path.SetPools(pools ?? DefaultPools());
            return lab;
        }
        catch
        {
            if (lab is not null)
            {
                await lab.DisposeAsync();
            }
            else
            {
                await host.DisposeAsync();
                HostDirectories.Exit();
            }
            throw;
        }
    }

    /// <summary>A pool "default-v4" (the cluster default) with .10–.19 of <see cref="Subnet"/>.</summary>
    public static PoolBook DefaultPools() => new()
    {
        Pools = { [DefaultPool] = new Pool { Addresses = [.. Enumerable.Range(10, 10).Select(i => $"10.250.0.{i}/24")] } },
        DefaultIpv4 = [DefaultPool],
    };

    /// <summary>A veth pair inside the host namespace, both ends up; the named end plays the node's NIC.</summary>
    public async Task AddHostInterfaceAsync(string name, string peer)
    {
        await Host.IpAsync("link", "add", name, "type", "veth", "peer", "name", peer);
        await Host.IpAsync("link", "set", name, "up");
        await Host.IpAsync("link", "set", peer, "up");
    }

    /// <param name="ips">Addresses the pod names in its network annotation (Multus' "ips" capability argument).</param>
    public async Task<Pod> AddPodAsync(string role, string ifName = "net1", IReadOnlyList<string>? ips = null)
    {
        var ns = await NetworkNamespace.CreateAsync($"{_id}-{role}");
        var pod = new Pod(ns, new RuntimeConf($"{_id}-{role}", ns.Path, ifName, Ips: ips));
        _pods.Add(pod);
        return pod;
    }

    public Task<System.Text.Json.Nodes.JsonObject> AddAsync(string config, Pod pod) => Runtime.AddAsync(config, pod.Rt);
    public Task CheckAsync(string config, Pod pod) => Runtime.CheckAsync(config, pod.Rt);
    public Task DeleteAsync(string config, Pod pod) => Runtime.DeleteAsync(config, pod.Rt);

    public IReadOnlyList<StandInRecord> Records => Path.Records;

    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var ns in _pods.Select(p => p.Ns).Append(Host))
        {
            try
            {
                await ns.DisposeAsync();
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e);
            }
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        const string tuningState = "/run/cni/tuning";
        if (Directory.Exists(tuningState))
        {
            foreach (var file in Directory.EnumerateFiles(tuningState, _id + "*"))
            {
                File.Delete(file);
            }
        }
        Path.Dispose();
        HostDirectories.Exit();
        if (failures.Count > 0)
        {
            throw new AggregateException("lab cleanup failed", failures);
        }
    }
}
