using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Cni;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>
/// Stand-in for the spiderpool IPAM plugin. It checks the <c>ipam</c> object (keys of spiderpool's
/// IPAMConfig), then hands out the first free address of the first usable pool per family: the pools the
/// config names (<c>default_ipv4_ippool</c>/<c>default_ipv6_ippool</c>), else the test's cluster
/// defaults. A named pool the test did not define is an error, so a wrongly rendered pool list shows.
/// Allocations are files under <c>alloc/</c> (atomic create), keyed by container id and interface;
/// ADD again returns the same address, DEL releases it.
/// </summary>
public sealed class SpiderpoolStandIn : IStandInPlugin
{
    public IReadOnlyList<string> CheckConfig(StandInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Config["ipam"] is not JsonObject ipam)
        {
            return ["spiderpool: the config has no 'ipam' object"];
        }
        return new KeyChecker(ipam, "ipam")
            .Require("type")
            .IsString("type", t => t == "spiderpool" ? null : $"expected 'spiderpool', got '{t}'")
            .IsStringArray("default_ipv4_ippool", p => p.Length == 0 ? "empty pool name" : null)
            .IsStringArray("default_ipv6_ippool", p => p.Length == 0 ? "empty pool name" : null)
            .IsBool("match_master_subnet")
            .IsBool("clean_gateway")
            .IsString("log_level").IsString("log_file_path").IsInteger("log_file_max_size").IsInteger("log_file_max_age").IsInteger("log_file_max_count")
            .IsString("ipam_unix_socket_path")
            .Finish();
    }

    public JsonNode? Add(StandInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ipam = (JsonObject)request.Config["ipam"]!;
        var book = PoolBook.Load(request.StateDir);
        var ips = new JsonArray();
        foreach (var (family, key, defaults) in new[] { ("4", "default_ipv4_ippool", book.DefaultIpv4), ("6", "default_ipv6_ippool", book.DefaultIpv6) })
        {
            var named = (ipam[key] as JsonArray ?? []).Select(n => (string?)n ?? "").ToList();
            var candidates = named.Count > 0 ? named : defaults;
            foreach (var missing in candidates.Where(n => !book.Pools.ContainsKey(n)))
            {
                throw new StandInException(999, $"spiderpool IP allocation error: IPPool '{missing}' not found");
            }
            if (candidates.Count == 0)
            {
                continue;
            }
            var (address, gateway) = Allocate(request, book, candidates);
            var ip = new JsonObject();
            if (CniVersion.IpsCarryVersion(request.Version))
            {
                ip["version"] = family;
            }
            ip["address"] = address;
            if (gateway is not null)
            {
                ip["gateway"] = gateway;
            }
            ips.Add(ip);
        }
        if (ips.Count == 0)
        {
            throw new StandInException(999, "spiderpool IP allocation error: no IPPool given and no cluster default");
        }
        return new JsonObject { ["cniVersion"] = request.Version, ["ips"] = ips, ["dns"] = new JsonObject() };
    }

    public JsonNode? Check(StandInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Owned(request).Any())
        {
            throw new StandInException(999, $"spiderpool: no address allocated to {Owner(request)}");
        }
        return null;
    }

    public JsonNode? Delete(StandInRequest request)
    {
        foreach (var file in Owned(request))
        {
            File.Delete(file);
        }
        return null;
    }

    private static (string Address, string? Gateway) Allocate(StandInRequest request, PoolBook book, IReadOnlyList<string> candidates)
    {
        var owner = Owner(request);
        foreach (var name in candidates)
        {
            var pool = book.Pools[name];
            var dir = Path.Combine(request.StateDir, "alloc", name);
            Directory.CreateDirectory(dir);
            foreach (var address in pool.Addresses)
            {
                var file = Path.Combine(dir, address.Replace('/', '_').Replace(':', '-'));
                if (File.Exists(file) && File.ReadAllText(file) == owner)
                {
                    return (address, pool.Gateway);
                }
            }
            foreach (var address in pool.Addresses)
            {
                var file = Path.Combine(dir, address.Replace('/', '_').Replace(':', '-'));
                try
                {
                    using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
                    using (var writer = new StreamWriter(stream))
                    {
                        writer.Write(owner);
                    }
                    return (address, pool.Gateway);
                }
                catch (IOException) when (File.Exists(file))
                {
                    // Taken by another container; try the next address.
                }
            }
        }
        throw new StandInException(999, $"spiderpool IP allocation error: pools [{string.Join(", ", candidates)}] are exhausted");
    }

    private static IEnumerable<string> Owned(StandInRequest request)
    {
        var root = Path.Combine(request.StateDir, "alloc");
        var owner = Owner(request);
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => File.ReadAllText(f) == owner).ToList()
            : [];
    }

    private static string Owner(StandInRequest request) => $"{request.ContainerId}/{request.CniEnv.GetValueOrDefault("CNI_IFNAME", "")}";
}
