using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Infrastructure;

namespace MultusConfig.Cni.Tests.Netns;

/// <summary>
/// One named network namespace made with <c>ip netns add</c>. Deleting it destroys every interface
/// inside (veth ends, macvlans), which is what makes cleanup reliable even after a failed DEL.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private const string Ip = "ip";
    private int _deleted;

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>The path CNI_NETNS carries; /var/run is /run on Debian.</summary>
    public string Path => "/var/run/netns/" + Name;

    public static async Task<NetworkNamespace> CreateAsync(string name)
    {
        await ProcessRunner.RunCheckedAsync(Ip, "netns", "add", name);
        var ns = new NetworkNamespace(name);
        // Loopback up so the namespace behaves like a pod sandbox.
        await ns.IpAsync("link", "set", "lo", "up");
        return ns;
    }

    /// <summary><c>ip -n NAME args…</c>; throws with stderr when it fails.</summary>
    public Task<ProcessOutcome> IpAsync(params string[] args) =>
        ProcessRunner.RunCheckedAsync(Ip, ["-n", Name, .. args]);

    /// <summary><c>ip -n NAME args…</c>, returning the outcome whatever the exit code.</summary>
    public Task<ProcessOutcome> TryIpAsync(params string[] args) =>
        ProcessRunner.RunAsync(Ip, ["-n", Name, .. args]);

    /// <summary>Runs a program inside the namespace (<c>ip netns exec</c>).</summary>
    public Task<ProcessOutcome> ExecAsync(params string[] command) =>
        ProcessRunner.RunAsync(Ip, ["netns", "exec", Name, .. command]);

    /// <summary>The interface as <c>ip -j -d link show</c> reports it, or null when it does not exist.</summary>
    public async Task<JsonObject?> LinkAsync(string ifName)
    {
        var outcome = await TryIpAsync("-j", "-d", "link", "show", "dev", ifName);
        if (!outcome.Succeeded)
        {
            return null;
        }
        return JsonNode.Parse(outcome.Stdout) is JsonArray { Count: 1 } a ? a[0] as JsonObject : null;
    }

    /// <summary>Names of every link in the namespace.</summary>
    public async Task<IReadOnlyList<string>> LinkNamesAsync()
    {
        var outcome = await IpAsync("-j", "link", "show");
        return [.. (JsonNode.Parse(outcome.Stdout) as JsonArray ?? [])
            .Select(l => (string?)l?["ifname"] ?? "")];
    }

    /// <summary>The addresses (<c>addr/prefix</c>) of an interface, of one family ("inet" or "inet6").</summary>
    public async Task<IReadOnlyList<string>> AddressesAsync(string ifName, string family = "inet")
    {
        var outcome = await IpAsync("-j", "addr", "show", "dev", ifName);
        var link = (JsonNode.Parse(outcome.Stdout) as JsonArray)?.FirstOrDefault();
        return [.. (link?["addr_info"] as JsonArray ?? [])
            .Where(a => (string?)a?["family"] == family)
            .Select(a => $"{(string?)a?["local"]}/{(int?)a?["prefixlen"]}")];
    }

    /// <summary>Reads a sysctl of this namespace (e.g. <c>net/ipv4/conf/net1/arp_ignore</c>).</summary>
    public async Task<string> SysctlAsync(string slashPath)
    {
        var outcome = await ExecAsync("cat", "/proc/sys/" + slashPath);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.ToString());
        }
        return outcome.Stdout.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _deleted, 1) == 0)
        {
            await DeleteByNameAsync(Name);
        }
    }

    /// <summary>Deletes a namespace by name; a namespace that is already gone is fine.</summary>
    public static async Task DeleteByNameAsync(string name)
    {
        var outcome = await ProcessRunner.RunAsync(Ip, ["netns", "del", name]);
        if (!outcome.Succeeded && File.Exists("/var/run/netns/" + name))
        {
            throw new InvalidOperationException($"could not delete network namespace {name}: {outcome}");
        }
    }

    /// <summary>Every named namespace on the machine (<c>ip netns list</c>).</summary>
    public static async Task<IReadOnlyList<string>> ListAsync()
    {
        var outcome = await ProcessRunner.RunCheckedAsync(Ip, "netns", "list");
        return [.. outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2)[0].Trim())];
    }
}
