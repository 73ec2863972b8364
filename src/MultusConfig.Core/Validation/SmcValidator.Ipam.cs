using System.Net;
using System.Net.Sockets;
using MultusConfig.Core.Api;

namespace MultusConfig.Core.Validation;

/// <summary>
/// <c>spec.ipam</c> and the interface modes, our extensions over Spiderpool's SMC. Addresses are parsed as
/// strictly as the rest of the validator does (Go's syntax, no host bits in a subnet or route destination),
/// so what would fail every pod at ADD, or silently mean something else, is refused at admission.
/// </summary>
public static partial class SmcValidator
{
    private const string IpamPath = "spec.ipam";

    /// <summary>Every key of <see cref="IpamConfig"/> besides type, in schema order.</summary>
    private static readonly string[] IpamKeys = ["ranges", "routes", "dataDir", "addresses", "dns", "range", "rangeStart", "rangeEnd", "exclude", "gateway"];

    private static bool IsIpamKeySet(IpamConfig ipam, string key) => key switch
    {
        "ranges" => ipam.Ranges is not null,
        "routes" => ipam.Routes is not null,
        "dataDir" => ipam.DataDir is not null,
        "addresses" => ipam.Addresses is not null,
        "dns" => ipam.Dns is not null,
        "range" => ipam.Range is not null,
        "rangeStart" => ipam.RangeStart is not null,
        "rangeEnd" => ipam.RangeEnd is not null,
        "exclude" => ipam.Exclude is not null,
        _ => ipam.Gateway is not null,
    };

    private static void CheckIpam(SpiderMultusConfigSpec spec, string cniType, List<FieldError> errors)
    {
        if (spec.Ipam is not { } ipam) return;
        if (cniType == CniTypes.Custom)
        {
            errors.Add(new FieldError(IpamPath, FieldErrorKind.Forbidden, "has no effect for cniType custom: put the ipam object into spec.customCNI"));
            return;
        }
        if (string.IsNullOrEmpty(ipam.Type))
        {
            errors.Add(new FieldError(IpamPath + ".type", FieldErrorKind.Required, "the IPAM plugin: " + IpamTypeList()));
            return;
        }
        if (!IpamTypes.All.Contains(ipam.Type))
        {
            errors.Add(new FieldError(IpamPath + ".type", FieldErrorKind.NotSupported, "supported values: " + IpamTypeList(), ValueText.Of(ipam.Type)));
            return;
        }
        var own = IpamTypes.KeysOf(ipam.Type);
        foreach (var key in IpamKeys)
        {
            if (IsIpamKeySet(ipam, key) && !own.Contains(key))
                errors.Add(new FieldError($"{IpamPath}.{key}", FieldErrorKind.Forbidden, $"is not a key of ipam type {ipam.Type}" + OwnersOf(key)));
        }
        if (ipam.Type == IpamTypes.Spiderpool) return;

        // Spiderpool's own IPAM settings would be silently dropped with another plugin.
        var (blockPath, pools) = BlockPools(spec, cniType);
        if (pools is { } p && (p.Ipv4 is { Count: > 0 } || p.Ipv6 is { Count: > 0 }))
            errors.Add(new FieldError(blockPath + ".ippools", FieldErrorKind.Forbidden, $"names Spiderpool IP pools, which ipam type {ipam.Type} does not use: remove them, or set spec.ipam.type spiderpool"));
        if (spec.DisableIpam == true)
            errors.Add(new FieldError("spec.disableIPAM", FieldErrorKind.Invalid, $"leaves the ipam object out, so spec.ipam (type {ipam.Type}) would be ignored: set one of them", "true"));

        switch (ipam.Type)
        {
            case IpamTypes.HostLocal: CheckHostLocal(ipam, errors); break;
            case IpamTypes.Static: CheckStatic(ipam, errors); break;
            case IpamTypes.Whereabouts: CheckWhereabouts(ipam, errors); break;
        }
        if (own.Contains("routes")) CheckIpamRoutes(ipam.Routes, errors);
    }

    private static string IpamTypeList() => string.Join(", ", IpamTypes.All.Select(t => $"\"{t}\""));

    private static string OwnersOf(string key)
    {
        var owners = IpamTypes.All.Where(t => IpamTypes.KeysOf(t).Contains(key)).ToList();
        return owners.Count == 0 ? "" : $" (only of {string.Join(", ", owners)})";
    }

    private static (string Path, IpPools? Pools) BlockPools(SpiderMultusConfigSpec s, string cniType) => cniType switch
    {
        CniTypes.Macvlan => ("spec.macvlan", s.Macvlan?.IpPools),
        CniTypes.Ipvlan => ("spec.ipvlan", s.Ipvlan?.IpPools),
        CniTypes.Vlan => ("spec.vlan", s.Vlan?.IpPools),
        CniTypes.Sriov => ("spec.sriov", s.Sriov?.IpPools),
        CniTypes.IbSriov => ("spec.ibsriov", s.IbSriov?.IpPools),
        CniTypes.Ipoib => ("spec.ipoib", s.Ipoib?.IpPools),
        CniTypes.Ovs => ("spec.ovs", s.Ovs?.IpPools),
        _ => ("spec", null),
    };

    private static void CheckHostLocal(IpamConfig ipam, List<FieldError> errors)
    {
        const string path = IpamPath + ".ranges";
        if (ipam.Ranges is not { Count: > 0 } sets)
        {
            errors.Add(new FieldError(path, FieldErrorKind.Required, "host-local needs at least one range set, e.g. [[{subnet: 10.250.0.0/24}]]"));
        }
        else
        {
            for (var i = 0; i < sets.Count; i++)
            {
                var setPath = $"{path}[{i}]";
                if (sets[i] is not { Count: > 0 } set)
                {
                    errors.Add(new FieldError(setPath, FieldErrorKind.Required, "a range set needs at least one range"));
                    continue;
                }
                AddressFamily? family = null;
                for (var j = 0; j < set.Count; j++)
                {
                    var rangePath = $"{setPath}[{j}]";
                    var r = set[j];
                    if (r is null || string.IsNullOrEmpty(r.Subnet))
                    {
                        errors.Add(new FieldError(rangePath + ".subnet", FieldErrorKind.Required, "the range's subnet, e.g. 10.250.0.0/24"));
                        continue;
                    }
                    if (!Subnet(r.Subnet, rangePath + ".subnet", errors, out var network, out var length)) continue;
                    // host-local refuses a set that mixes families ("mixed address families"): said here, with the range.
                    if (family is { } f && f != network.AddressFamily)
                        errors.Add(new FieldError(rangePath + ".subnet", FieldErrorKind.Invalid, "is of another address family than the set's first range: one family per range set", ValueText.Of(r.Subnet)));
                    family ??= network.AddressFamily;
                    var start = InSubnet(r.RangeStart, network, length, rangePath + ".rangeStart", errors);
                    var end = InSubnet(r.RangeEnd, network, length, rangePath + ".rangeEnd", errors);
                    InSubnet(r.Gateway, network, length, rangePath + ".gateway", errors);
                    CheckOrder(start, end, rangePath, r.RangeStart!, errors);
                }
            }
        }
        if (ipam.DataDir is { } dir && !dir.StartsWith('/'))
            errors.Add(new FieldError(IpamPath + ".dataDir", FieldErrorKind.Invalid, "must be an absolute path on the node, e.g. /var/lib/cni/networks", ValueText.Of(dir)));
    }

    private static void CheckStatic(IpamConfig ipam, List<FieldError> errors)
    {
        for (var i = 0; i < (ipam.Addresses?.Count ?? 0); i++)
        {
            var path = $"{IpamPath}.addresses[{i}]";
            var a = ipam.Addresses![i];
            if (a is null || string.IsNullOrEmpty(a.Address))
            {
                errors.Add(new FieldError(path + ".address", FieldErrorKind.Required, "the pod's address with its prefix length, e.g. 10.250.0.10/24"));
                continue;
            }
            // An interface address: host bits are the point here; the prefix length is what static needs (net.ParseCIDR).
            if (!IpText.TryParsePrefix(a.Address, out _, out var length, out var network))
            {
                errors.Add(new FieldError(path + ".address", FieldErrorKind.Invalid, "must be an address with its prefix length, e.g. 10.250.0.10/24", ValueText.Of(a.Address)));
                continue;
            }
            InSubnet(a.Gateway, network, length, path + ".gateway", errors);
        }
        if (ipam.Dns is { } dns)
        {
            for (var i = 0; i < (dns.Nameservers?.Count ?? 0); i++)
            {
                var server = dns.Nameservers![i] ?? "";
                if (IpText.ParseAddress(server) is null)
                    errors.Add(new FieldError($"{IpamPath}.dns.nameservers[{i}]", FieldErrorKind.Invalid, "must be an IP address", ValueText.Of(server)));
            }
        }
    }

    private static void CheckWhereabouts(IpamConfig ipam, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(ipam.Range))
        {
            errors.Add(new FieldError(IpamPath + ".range", FieldErrorKind.Required, "whereabouts needs the prefix to allocate from, e.g. 10.250.0.0/24"));
            return;
        }
        if (!Subnet(ipam.Range, IpamPath + ".range", errors, out var network, out var length)) return;
        var start = InSubnet(ipam.RangeStart, network, length, IpamPath + ".rangeStart", errors);
        var end = InSubnet(ipam.RangeEnd, network, length, IpamPath + ".rangeEnd", errors);
        CheckOrder(start, end, IpamPath, ipam.RangeStart!, errors);
        InSubnet(ipam.Gateway, network, length, IpamPath + ".gateway", errors);
        for (var i = 0; i < (ipam.Exclude?.Count ?? 0); i++)
        {
            var path = $"{IpamPath}.exclude[{i}]";
            var exclude = ipam.Exclude![i] ?? "";
            if (Subnet(exclude, path, errors, out var excluded, out var excludedLength)
                && (excluded.AddressFamily != network.AddressFamily || excludedLength < length || !Contains(network, length, excluded)))
                errors.Add(new FieldError(path, FieldErrorKind.Invalid, $"must lie inside range {ipam.Range}", ValueText.Of(exclude)));
        }
    }

    private static void CheckIpamRoutes(List<IpamRoute>? routes, List<FieldError> errors)
    {
        for (var i = 0; i < (routes?.Count ?? 0); i++)
        {
            var path = $"{IpamPath}.routes[{i}]";
            var r = routes![i];
            if (r is null || string.IsNullOrEmpty(r.Dst))
            {
                errors.Add(new FieldError(path + ".dst", FieldErrorKind.Required, "the destination prefix, e.g. 10.20.0.0/16 or 0.0.0.0/0"));
                continue;
            }
            var dstOk = Subnet(r.Dst, path + ".dst", errors, out var dst, out _);
            if (r.Gw is null) continue;
            var gw = IpText.ParseAddress(r.Gw);
            if (gw is null)
                errors.Add(new FieldError(path + ".gw", FieldErrorKind.Invalid, "must be an IP address", ValueText.Of(r.Gw)));
            else if (dstOk && gw.AddressFamily != dst.AddressFamily)
                errors.Add(new FieldError(path + ".gw", FieldErrorKind.Invalid, $"must be of the family of dst {r.Dst}", ValueText.Of(r.Gw)));
        }
    }

    /// <summary>A subnet as a prefix without host bits; false (with the error) otherwise.</summary>
    private static bool Subnet(string value, string path, List<FieldError> errors, out IPAddress network, out int length)
    {
        if (!IpText.TryParsePrefix(value, out var address, out length, out network))
        {
            errors.Add(new FieldError(path, FieldErrorKind.Invalid, "must be a prefix such as 10.250.0.0/24", ValueText.Of(value)));
            return false;
        }
        if (!address.Equals(network))
        {
            errors.Add(new FieldError(path, FieldErrorKind.Invalid, $"has host bits set: write {network}/{length}", ValueText.Of(value)));
            return false;
        }
        return true;
    }

    /// <summary>An optional address that must lie inside network/length; the parsed address when it does.</summary>
    private static IPAddress? InSubnet(string? value, IPAddress network, int length, string path, List<FieldError> errors)
    {
        if (value is null) return null;
        var ip = IpText.ParseAddress(value);
        if (ip is null)
        {
            errors.Add(new FieldError(path, FieldErrorKind.Invalid, "must be an IP address", ValueText.Of(value)));
            return null;
        }
        if (ip.AddressFamily != network.AddressFamily || !Contains(network, length, ip))
        {
            errors.Add(new FieldError(path, FieldErrorKind.Invalid, $"must lie inside {network}/{length}", ValueText.Of(value)));
            return null;
        }
        return ip;
    }

    private static void CheckOrder(IPAddress? start, IPAddress? end, string path, string startText, List<FieldError> errors)
    {
        if (start is not null && end is not null && Compare(start, end) > 0)
            errors.Add(new FieldError(path + ".rangeStart", FieldErrorKind.Invalid, $"must not come after rangeEnd ({end})", ValueText.Of(startText)));
    }

    private static bool Contains(IPAddress network, int length, IPAddress ip)
    {
        var n = network.GetAddressBytes();
        var a = ip.GetAddressBytes();
        if (n.Length != a.Length) return false;
        for (var bit = 0; bit < length; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            if ((n[bit / 8] & mask) != (a[bit / 8] & mask)) return false;
        }
        return true;
    }

    private static int Compare(IPAddress x, IPAddress y) => x.GetAddressBytes().AsSpan().SequenceCompareTo(y.GetAddressBytes());

    /// <summary>macvlan's and ipvlan's mode, each with the values its plugin knows.</summary>
    private static void CheckMode(string? mode, string path, string type, List<FieldError> errors)
    {
        if (mode is null) return;
        var allowed = type == CniTypes.Macvlan ? InterfaceModes.Macvlan : InterfaceModes.Ipvlan;
        if (!allowed.Contains(mode))
            errors.Add(new FieldError(path + ".mode", FieldErrorKind.NotSupported, "supported values: " + string.Join(", ", allowed.Select(m => $"\"{m}\"")), ValueText.Of(mode)));
    }
}
