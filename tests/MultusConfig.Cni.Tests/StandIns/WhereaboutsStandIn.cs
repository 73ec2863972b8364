using System.Net;
using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Cni;
using static MultusConfig.Cni.Tests.Infrastructure.IpMath;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>
/// Stand-in for the whereabouts IPAM plugin (not packaged for Debian). It holds the <c>ipam</c> object to the
/// keys whereabouts decodes and checks them as its config loader does, read at k8snetworkplumbingwg/whereabouts
/// 3a262bd: pkg/types/types.go (IPAMConfig and its UnmarshalJSON alias: the JSON tags, e.g. <c>range_start</c>,
/// <c>range_end</c>, <c>exclude</c>, <c>gateway</c>, <c>routes</c>) and pkg/config/config.go LoadIPAMConfig
/// (<c>range</c> a CIDR or "first-last/len", <c>range_start</c> inside it, every <c>exclude</c> a CIDR,
/// <c>gateway</c> an IP). Unknown keys are errors here, where Go would ignore them, so a misspelt key cannot
/// pass. The real plugin also needs a kubeconfig from its node-side flat file (LoadIPAMConfig's storageError),
/// which is node configuration, not part of the NAD; the stand-in does not ask for it. It allocates the first
/// free address from range_start to range_end outside every exclude prefix, as files under <c>alloc/</c>.
/// </summary>
public sealed class WhereaboutsStandIn : IStandInPlugin
{
    /// <summary>Every JSON tag of whereabouts' IPAMConfig alias (pkg/types/types.go).</summary>
    private static readonly string[] Keys =
    [
        "type", "routes", "datastore", "addresses", "ipRanges", "node_slice_size", "exclude", "dns", "range", "range_start", "range_end",
        "gateway", "etcd_host", "etcd_username", "etcd_password", "etcd_key_file", "etcd_cert_file", "etcd_ca_cert_file",
        "leader_lease_duration", "leader_renew_deadline", "leader_retry_period", "log_file", "log_level", "reconciler_cron_expression",
        "enable_overlapping_ranges", "sleep_for_race", "kubernetes", "configuration_path", "network_name",
    ];

    public IReadOnlyList<string> CheckConfig(StandInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Config["ipam"] is not JsonObject ipam)
        {
            return ["whereabouts: the config has no 'ipam' object"];
        }
        var checker = new KeyChecker(ipam, "ipam")
            .Known(Keys)
            .Require("type", "range")
            .IsString("type", t => t == "whereabouts" ? null : $"expected 'whereabouts', got '{t}'")
            .IsString("range", r => Range(r) is null ? $"invalid CIDR {r}" : null)
            .IsString("range_start", KeyChecker.IpAddress)
            .IsString("range_end", KeyChecker.IpAddress)
            .IsStringArray("exclude", e => KeyChecker.GoCidr(e) is null ? null : $"invalid CIDR in exclude list {e}")
            .IsString("gateway", g => IPAddress.TryParse(g, out _) ? null : $"couldn't parse gateway IP: {g}");
        var problems = checker.Finish().ToList();
        if (ipam["routes"] is { } routes)
        {
            problems.AddRange(CheckRoutes(routes));
        }
        if (problems.Count == 0 && Range((string)ipam["range"]!) is var (network, length) && (string?)ipam["range_start"] is { } start
            && !Contains(network, length, IPAddress.Parse(start)))
        {
            problems.Add($"invalid range start for CIDR {network}/{length}: {start}");
        }
        return problems;
    }

    public JsonNode? Add(StandInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ipam = (JsonObject)request.Config["ipam"]!;
        var (network, length) = Range((string)ipam["range"]!)!.Value;
        var first = (string?)ipam["range_start"] is { } s ? IPAddress.Parse(s) : Next(network);
        var last = (string?)ipam["range_end"] is { } e ? IPAddress.Parse(e) : Previous(Broadcast(network, length));
        var excluded = (ipam["exclude"] as JsonArray ?? []).Select(x => Range((string)x!)!.Value).ToList();
        var dir = Path.Combine(request.StateDir, "alloc", "whereabouts");
        Directory.CreateDirectory(dir);
        var owner = Owner(request);
        IPAddress? chosen = null;
        for (var ip = first; Compare(ip, last) <= 0; ip = Next(ip))
        {
            if (excluded.Any(x => Contains(x.Network, x.Length, ip)))
            {
                continue;
            }
            var file = Path.Combine(dir, ip.ToString().Replace(':', '-'));
            try
            {
                using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(owner);
                }
                chosen = ip;
                break;
            }
            catch (IOException) when (File.Exists(file))
            {
                // Taken; try the next address.
            }
        }
        if (chosen is null)
        {
            throw new StandInException(999, $"whereabouts: no free address in {network}/{length}");
        }
        var ipConfig = new JsonObject();
        if (CniVersion.IpsCarryVersion(request.Version))
        {
            ipConfig["version"] = chosen.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "4" : "6";
        }
        ipConfig["address"] = $"{chosen}/{length}";
        if ((string?)ipam["gateway"] is { } gateway)
        {
            ipConfig["gateway"] = gateway;
        }
        var result = new JsonObject { ["cniVersion"] = request.Version, ["ips"] = new JsonArray(ipConfig), ["dns"] = new JsonObject() };
        if (ipam["routes"] is JsonArray routes)
        {
            result["routes"] = routes.DeepClone();
        }
        return result;
    }

    public JsonNode? Check(StandInRequest request) => null;

    public JsonNode? Delete(StandInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dir = Path.Combine(request.StateDir, "alloc", "whereabouts");
        if (Directory.Exists(dir))
        {
            foreach (var file in Directory.EnumerateFiles(dir).Where(f => File.ReadAllText(f) == Owner(request)))
            {
                File.Delete(file);
            }
        }
        return null;
    }

    /// <summary>CNI's types.Route: dst a CIDR (required), gw an IP.</summary>
    private static IEnumerable<string> CheckRoutes(JsonNode routes)
    {
        if (routes is not JsonArray list)
        {
            yield return "ipam.routes must be an array";
            yield break;
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject route)
            {
                yield return $"ipam.routes[{i}] must be an object";
                continue;
            }
            foreach (var problem in new KeyChecker(route, $"ipam.routes[{i}]").Require("dst").IsString("dst", KeyChecker.GoCidr).IsString("gw", KeyChecker.IpAddress).Finish())
            {
                yield return problem;
            }
        }
    }

    /// <summary>whereabouts' range: "a.b.c.d/len" or "first-last/len" (pkg/config/config.go); the network and length.</summary>
    private static (IPAddress Network, int Length)? Range(string text)
    {
        var cidr = text.Contains('-', StringComparison.Ordinal) ? text[(text.IndexOf('-', StringComparison.Ordinal) + 1)..] : text;
        if (KeyChecker.GoCidr(cidr) is not null)
        {
            return null;
        }
        return Prefix(cidr);
    }

    private static IPAddress Next(IPAddress ip) => Step(ip, 1);

    private static IPAddress Previous(IPAddress ip) => Step(ip, -1);

    private static string Owner(StandInRequest request) => $"{request.ContainerId}/{request.CniEnv.GetValueOrDefault("CNI_IFNAME", "")}";
}
