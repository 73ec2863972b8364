using MultusConfig.Core.Api;
using MultusConfig.Core.Json;

namespace MultusConfig.Core.Rendering;

/// <summary>
/// The main plugin's <c>ipam</c> object for a <c>spec.ipam</c> other than spiderpool (our extension): <c>type</c>
/// first, then exactly the keys the SMC sets, in the plugins' own spelling. The spellings are the JSON tags of
/// the plugins' config structs:
/// host-local: containernetworking/plugins plugins/ipam/host-local/backend/allocator/config.go (IPAMConfig:
/// ranges, routes, dataDir) and range.go (Range: subnet, rangeStart, rangeEnd, gateway);
/// static: plugins/ipam/static/main.go (IPAMConfig: addresses, routes, dns; Address: address, gateway) with
/// CNI's types.DNS (nameservers, domain, search, options) and types.Route (dst, gw);
/// dhcp: plugins/ipam/dhcp/main.go (only type is needed; the node runs the dhcp daemon);
/// whereabouts: k8snetworkplumbingwg/whereabouts pkg/types/types.go (IPAMConfig: range, range_start, range_end,
/// exclude, gateway, routes).
/// </summary>
internal static class IpamWriter
{
    /// <summary>True when the SMC's IPAM is a plugin of its own choice rather than Spiderpool's.</summary>
    public static bool IsOwn(SpiderMultusConfigSpec s) => s.Ipam is { Type: { } type } && type != IpamTypes.Spiderpool;

    /// <summary>static without addresses: pods name theirs in the network annotation and Multus passes them as runtimeConfig.ips.</summary>
    public static bool NeedsIpsCapability(SpiderMultusConfigSpec s) =>
        s.Ipam is { Type: IpamTypes.Static, Addresses: null or { Count: 0 } };

    public static void Write(GoJsonWriter w, IpamConfig ipam)
    {
        w.Name("ipam");
        w.StartObject();
        w.Property("type", ipam.Type!);
        switch (ipam.Type)
        {
            case IpamTypes.HostLocal:
                if (ipam.Ranges is { } sets)
                {
                    w.Name("ranges");
                    w.StartArray();
                    foreach (var set in sets)
                    {
                        w.StartArray();
                        foreach (var r in set ?? [])
                        {
                            w.StartObject();
                            if (r?.Subnet is { } subnet) w.Property("subnet", subnet);
                            if (r?.RangeStart is { } start) w.Property("rangeStart", start);
                            if (r?.RangeEnd is { } end) w.Property("rangeEnd", end);
                            if (r?.Gateway is { } gateway) w.Property("gateway", gateway);
                            w.EndObject();
                        }
                        w.EndArray();
                    }
                    w.EndArray();
                }
                Routes(w, ipam.Routes);
                if (ipam.DataDir is { } dataDir) w.Property("dataDir", dataDir);
                break;
            case IpamTypes.Static:
                if (ipam.Addresses is { } addresses)
                {
                    w.Name("addresses");
                    w.StartArray();
                    foreach (var a in addresses)
                    {
                        w.StartObject();
                        if (a?.Address is { } address) w.Property("address", address);
                        if (a?.Gateway is { } gateway) w.Property("gateway", gateway);
                        w.EndObject();
                    }
                    w.EndArray();
                }
                Routes(w, ipam.Routes);
                if (ipam.Dns is { } dns)
                {
                    w.Name("dns");
                    w.StartObject();
                    if (dns.Nameservers is { } servers) w.Property("nameservers", servers);
                    if (dns.Domain is { } domain) w.Property("domain", domain);
                    if (dns.Search is { } search) w.Property("search", search);
                    if (dns.Options is { } options) w.Property("options", options);
                    w.EndObject();
                }
                break;
            case IpamTypes.Whereabouts:
                if (ipam.Range is { } range) w.Property("range", range);
                if (ipam.RangeStart is { } rangeStart) w.Property("range_start", rangeStart);
                if (ipam.RangeEnd is { } rangeEnd) w.Property("range_end", rangeEnd);
                if (ipam.Exclude is { } exclude) w.Property("exclude", exclude);
                if (ipam.Gateway is { } gw) w.Property("gateway", gw);
                Routes(w, ipam.Routes);
                break;
        }
        w.EndObject();
    }

    public static void IpsCapability(GoJsonWriter w)
    {
        w.Name("capabilities");
        w.StartObject();
        w.Property("ips", true);
        w.EndObject();
    }

    private static void Routes(GoJsonWriter w, List<IpamRoute>? routes)
    {
        if (routes is null) return;
        w.Name("routes");
        w.StartArray();
        foreach (var r in routes)
        {
            w.StartObject();
            if (r?.Dst is { } dst) w.Property("dst", dst);
            if (r?.Gw is { } gw) w.Property("gw", gw);
            w.EndObject();
        }
        w.EndArray();
    }
}
