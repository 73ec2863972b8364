using System.Text.Json.Nodes;
using MultusConfig.Core.Api;
using MultusConfig.Core.Schema;

namespace MultusConfig.Core.Pipeline;

/// <summary>
/// Binds a spec that passed <see cref="SchemaChecker"/> straight from its JSON nodes, with the schema's
/// scalar defaults filled in where a property is absent: what the copying schema pass followed by
/// <c>JsonSerializer.Deserialize</c> produces, without the copy, the UTF-8 round trip or new strings.
/// It accepts only values whose typed form is certain (exact integers, strings, booleans); for anything
/// else it returns false and the caller takes the serializer path, so the two can never disagree.
/// </summary>
internal static class SpecBinder
{
    private delegate bool Setter<in T>(T target, string name, JsonNode value, StructuralSchema? schema, bool defaults);

    public static bool TryBind(JsonObject obj, StructuralSchema schema, bool defaults, out SpiderMultusConfigSpec? spec)
    {
        var s = new SpiderMultusConfigSpec();
        spec = Fill(obj, schema, defaults, s, SetSpec) ? s : null;
        return spec is not null;
    }

    private static bool Fill<T>(JsonObject obj, StructuralSchema? schema, bool defaults, T target, Setter<T> set)
    {
        for (var i = 0; i < obj.Count; i++)
        {
            var (name, value) = obj.GetAt(i);
            if (value is null || !set(target, name, value, Child(schema, name), defaults)) return false;
        }
        // Only an object the schema types as one gets its defaults (the copying pass walks no other).
        if (defaults && schema is { Type: "object" })
        {
            foreach (var (name, value) in schema.Defaults)
            {
                if (!obj.ContainsKey(name) && !set(target, name, value, Child(schema, name), defaults)) return false;
            }
        }
        return true;
    }

    private static StructuralSchema? Child(StructuralSchema? schema, string name) =>
        schema is null ? null
        : schema.Properties is not null && schema.Properties.TryGetValue(name, out var child) ? child : schema.AdditionalProperties;

    // Each setter: false when the value's typed form is not certain, true otherwise (unknown names included:
    // the serializer skips properties the type does not declare).
    private static bool SetSpec(SpiderMultusConfigSpec s, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "cniType": if (!Str(v, out var cniType)) return false; s.CniType = cniType; return true;
            case "macvlan": if (!Obj(v, schema, defaults, SetMacvlan, out MacvlanConfig? macvlan)) return false; s.Macvlan = macvlan; return true;
            case "ipvlan": if (!Obj(v, schema, defaults, SetMacvlan, out MacvlanConfig? ipvlan)) return false; s.Ipvlan = ipvlan; return true;
            case "vlan": if (!Obj(v, schema, defaults, SetVlan, out VlanConfig? vlan)) return false; s.Vlan = vlan; return true;
            case "sriov": if (!Obj(v, schema, defaults, SetSriov, out SriovConfig? sriov)) return false; s.Sriov = sriov; return true;
            case "ibsriov": if (!Obj(v, schema, defaults, SetIbSriov, out IbSriovConfig? ib)) return false; s.IbSriov = ib; return true;
            case "ipoib": if (!Obj(v, schema, defaults, SetIpoib, out IpoibConfig? ipoib)) return false; s.Ipoib = ipoib; return true;
            case "ovs": if (!Obj(v, schema, defaults, SetOvs, out OvsConfig? ovs)) return false; s.Ovs = ovs; return true;
            case "enableCoordinator": if (!Bool(v, out var coordinator)) return false; s.EnableCoordinator = coordinator; return true;
            case "disableIPAM": if (!Bool(v, out var disableIpam)) return false; s.DisableIpam = disableIpam; return true;
            case "coordinator": if (!Obj(v, schema, defaults, SetCoordinator, out CoordinatorSpec? c)) return false; s.Coordinator = c; return true;
            case "chainCNIJsonData": if (!Strings(v, out var chain)) return false; s.ChainCniJsonData = chain; return true;
            case "customCNI": if (!Str(v, out var custom)) return false; s.CustomCni = custom; return true;
            case "ipam": if (!Obj(v, schema, defaults, SetIpam, out IpamConfig? ipam)) return false; s.Ipam = ipam; return true;
            default: return true;
        }
    }

    private static bool SetIpam(IpamConfig m, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "type": if (!Str(v, out var type)) return false; m.Type = type; return true;
            case "ranges": if (!RangeSets(v, schema?.Items, defaults, out var ranges)) return false; m.Ranges = ranges; return true;
            case "routes": if (!List(v, schema?.Items, defaults, SetIpamRoute, out List<IpamRoute>? routes)) return false; m.Routes = routes; return true;
            case "dataDir": if (!Str(v, out var dataDir)) return false; m.DataDir = dataDir; return true;
            case "addresses": if (!List(v, schema?.Items, defaults, SetIpamAddress, out List<IpamAddress>? addresses)) return false; m.Addresses = addresses; return true;
            case "dns": if (!Obj(v, schema, defaults, SetIpamDns, out IpamDns? dns)) return false; m.Dns = dns; return true;
            case "range": if (!Str(v, out var range)) return false; m.Range = range; return true;
            case "rangeStart": if (!Str(v, out var start)) return false; m.RangeStart = start; return true;
            case "rangeEnd": if (!Str(v, out var end)) return false; m.RangeEnd = end; return true;
            case "exclude": if (!Strings(v, out var exclude)) return false; m.Exclude = exclude; return true;
            case "gateway": if (!Str(v, out var gateway)) return false; m.Gateway = gateway; return true;
            default: return true;
        }
    }

    /// <summary>host-local's ranges: a list of range sets, each a list of ranges.</summary>
    private static bool RangeSets(JsonNode v, StructuralSchema? setSchema, bool defaults, out List<List<IpamRange>>? result)
    {
        result = null;
        if (v is not JsonArray a) return false;
        var sets = new List<List<IpamRange>>(a.Count);
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] is not { } set || !List(set, setSchema?.Items, defaults, SetIpamRange, out List<IpamRange>? ranges)) return false;
            sets.Add(ranges!);
        }
        result = sets;
        return true;
    }

    private static bool SetIpamRange(IpamRange r, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "subnet": if (!Str(v, out var subnet)) return false; r.Subnet = subnet; return true;
            case "rangeStart": if (!Str(v, out var start)) return false; r.RangeStart = start; return true;
            case "rangeEnd": if (!Str(v, out var end)) return false; r.RangeEnd = end; return true;
            case "gateway": if (!Str(v, out var gateway)) return false; r.Gateway = gateway; return true;
            default: return true;
        }
    }

    private static bool SetIpamRoute(IpamRoute r, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "dst": if (!Str(v, out var dst)) return false; r.Dst = dst; return true;
            case "gw": if (!Str(v, out var gw)) return false; r.Gw = gw; return true;
            default: return true;
        }
    }

    private static bool SetIpamAddress(IpamAddress a, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "address": if (!Str(v, out var address)) return false; a.Address = address; return true;
            case "gateway": if (!Str(v, out var gateway)) return false; a.Gateway = gateway; return true;
            default: return true;
        }
    }

    private static bool SetIpamDns(IpamDns d, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "nameservers": if (!Strings(v, out var servers)) return false; d.Nameservers = servers; return true;
            case "domain": if (!Str(v, out var domain)) return false; d.Domain = domain; return true;
            case "search": if (!Strings(v, out var search)) return false; d.Search = search; return true;
            case "options": if (!Strings(v, out var options)) return false; d.Options = options; return true;
            default: return true;
        }
    }

    private static bool SetMacvlan(MacvlanConfig m, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "master": if (!Strings(v, out var master)) return false; m.Master = master; return true;
            case "mtu": if (!Int32(v, out var mtu)) return false; m.Mtu = mtu; return true;
            case "vlanID": if (!Int32(v, out var vlanId)) return false; m.VlanId = vlanId; return true;
            case "bond": if (!Obj(v, schema, defaults, SetBond, out BondConfig? bond)) return false; m.Bond = bond; return true;
            case "rdmaResourceName": if (!Str(v, out var rdma)) return false; m.RdmaResourceName = rdma; return true;
            case "ippools": if (!Obj(v, schema, defaults, SetPools, out IpPools? pools)) return false; m.IpPools = pools; return true;
            case "mode": if (!Str(v, out var mode)) return false; m.Mode = mode; return true;
            default: return true;
        }
    }

    private static bool SetVlan(VlanConfig m, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "master": if (!Strings(v, out var master)) return false; m.Master = master; return true;
            case "mtu": if (!Int32(v, out var mtu)) return false; m.Mtu = mtu; return true;
            case "vlanMode": if (!Str(v, out var mode)) return false; m.VlanMode = mode; return true;
            case "vlanID": if (!Int32(v, out var vlanId)) return false; m.VlanId = vlanId; return true;
            case "bond": if (!Obj(v, schema, defaults, SetBond, out BondConfig? bond)) return false; m.Bond = bond; return true;
            case "rdmaResourceName": if (!Str(v, out var rdma)) return false; m.RdmaResourceName = rdma; return true;
            case "ippools": if (!Obj(v, schema, defaults, SetPools, out IpPools? pools)) return false; m.IpPools = pools; return true;
            default: return true;
        }
    }

    private static bool SetSriov(SriovConfig m, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "resourceName": if (!Str(v, out var resource)) return false; m.ResourceName = resource; return true;
            case "vlanID": if (!Int32(v, out var vlanId)) return false; m.VlanId = vlanId; return true;
            case "mtu": if (!Int32(v, out var mtu)) return false; m.Mtu = mtu; return true;
            case "minTxRateMbps": if (!Int64(v, out var min)) return false; m.MinTxRateMbps = min; return true;
            case "maxTxRateMbps": if (!Int64(v, out var max)) return false; m.MaxTxRateMbps = max; return true;
            case "rdmaIsolation": if (!Bool(v, out var rdma)) return false; m.RdmaIsolation = rdma; return true;
            case "ippools": if (!Obj(v, schema, defaults, SetPools, out IpPools? pools)) return false; m.IpPools = pools; return true;
            default: return true;
        }
    }

    private static bool SetIbSriov(IbSriovConfig m, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "resourceName": if (!Str(v, out var resource)) return false; m.ResourceName = resource; return true;
            case "pkey": if (!Str(v, out var pkey)) return false; m.Pkey = pkey; return true;
            case "linkState": if (!Str(v, out var state)) return false; m.LinkState = state; return true;
            case "rdmaIsolation": if (!Bool(v, out var rdma)) return false; m.RdmaIsolation = rdma; return true;
            case "enableIbKubernetes": if (!Bool(v, out var ibk)) return false; m.EnableIbKubernetes = ibk; return true;
            case "ippools": if (!Obj(v, schema, defaults, SetPools, out IpPools? pools)) return false; m.IpPools = pools; return true;
            default: return true;
        }
    }

    private static bool SetIpoib(IpoibConfig m, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "master": if (!Str(v, out var master)) return false; m.Master = master; return true;
            case "ippools": if (!Obj(v, schema, defaults, SetPools, out IpPools? pools)) return false; m.IpPools = pools; return true;
            default: return true;
        }
    }

    private static bool SetOvs(OvsConfig m, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "bridge": if (!Str(v, out var bridge)) return false; m.Bridge = bridge; return true;
            case "vlan": if (!Int32(v, out var vlan)) return false; m.Vlan = vlan; return true;
            case "trunk": if (!List(v, schema?.Items, defaults, SetTrunk, out List<Trunk>? trunk)) return false; m.Trunk = trunk; return true;
            case "deviceID": if (!Str(v, out var device)) return false; m.DeviceId = device; return true;
            case "ippools": if (!Obj(v, schema, defaults, SetPools, out IpPools? pools)) return false; m.IpPools = pools; return true;
            default: return true;
        }
    }

    private static bool SetTrunk(Trunk t, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "minID": if (!UInt64(v, out var min)) return false; t.MinId = min; return true;
            case "maxID": if (!UInt64(v, out var max)) return false; t.MaxId = max; return true;
            case "id": if (!UInt64(v, out var id)) return false; t.Id = id; return true;
            default: return true;
        }
    }

    private static bool SetBond(BondConfig b, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "name": if (!Str(v, out var bondName)) return false; b.Name = bondName; return true;
            case "mode": if (!Int32(v, out var mode)) return false; b.Mode = mode; return true;
            case "options": if (!Str(v, out var options)) return false; b.Options = options; return true;
            default: return true;
        }
    }

    private static bool SetPools(IpPools p, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "ipv4": if (!Strings(v, out var v4)) return false; p.Ipv4 = v4; return true;
            case "ipv6": if (!Strings(v, out var v6)) return false; p.Ipv6 = v6; return true;
            case "matchMasterSubnet": if (!Bool(v, out var match)) return false; p.MatchMasterSubnet = match; return true;
            default: return true;
        }
    }

    private static bool SetCoordinator(CoordinatorSpec c, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "mode": if (!Str(v, out var mode)) return false; c.Mode = mode; return true;
            case "podCIDRType": if (!Str(v, out var cidrType)) return false; c.PodCidrType = cidrType; return true;
            case "hijackCIDR": if (!Strings(v, out var hijack)) return false; c.HijackCidr = hijack; return true;
            case "policyRoutes": if (!List(v, schema?.Items, defaults, SetRoute, out List<PolicyRoute>? routes)) return false; c.PolicyRoutes = routes; return true;
            case "podMACPrefix": if (!Str(v, out var prefix)) return false; c.PodMacPrefix = prefix; return true;
            case "tunePodRoutes": if (!Bool(v, out var tune)) return false; c.TunePodRoutes = tune; return true;
            case "podDefaultRouteNIC": if (!Str(v, out var nic)) return false; c.PodDefaultRouteNic = nic; return true;
            case "hostRuleTable": if (!Int64(v, out var table)) return false; c.HostRuleTable = table; return true;
            case "podRPFilter": if (!Int64(v, out var rp)) return false; c.PodRpFilter = rp; return true;
            case "txQueueLen": if (!Int64(v, out var txq)) return false; c.TxQueueLen = txq; return true;
            case "vethLinkAddress": if (!Str(v, out var veth)) return false; c.VethLinkAddress = veth; return true;
            case "vethMTU": if (!Int64(v, out var vethMtu)) return false; c.VethMtu = vethMtu; return true;
            default: return true;
        }
    }

    private static bool SetRoute(PolicyRoute r, string name, JsonNode v, StructuralSchema? schema, bool defaults)
    {
        switch (name)
        {
            case "dst": if (!Str(v, out var dst)) return false; r.Dst = dst; return true;
            case "gw": if (!Str(v, out var gw)) return false; r.Gw = gw; return true;
            default: return true;
        }
    }

    private static bool Obj<T>(JsonNode v, StructuralSchema? schema, bool defaults, Setter<T> set, out T? result) where T : class, new()
    {
        result = null;
        if (v is not JsonObject o) return false;
        var target = new T();
        if (!Fill(o, schema, defaults, target, set)) return false;
        result = target;
        return true;
    }

    private static bool List<T>(JsonNode v, StructuralSchema? items, bool defaults, Setter<T> set, out List<T>? result) where T : class, new()
    {
        result = null;
        if (v is not JsonArray a) return false;
        var list = new List<T>(a.Count);
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] is not { } item || !Obj(item, items, defaults, set, out T? bound)) return false;
            list.Add(bound!);
        }
        result = list;
        return true;
    }

    private static bool Strings(JsonNode v, out List<string>? result)
    {
        result = null;
        if (v is not JsonArray a) return false;
        var list = new List<string>(a.Count);
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] is not { } item || !Str(item, out var s)) return false;
            list.Add(s!);
        }
        result = list;
        return true;
    }

    private static bool Str(JsonNode v, out string? result)
    {
        // A lone surrogate cannot round-trip through UTF-8: left to the serializer path, whatever it makes of it.
        if (v is JsonValue jv && jv.TryGetValue(out result) && result.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0) return true;
        result = null;
        return false;
    }

    private static bool Bool(JsonNode v, out bool? result)
    {
        result = v is JsonValue jv && jv.TryGetValue(out bool b) ? b : null;
        return result is not null;
    }

    // Integers are taken only when held or written exactly as one (1500, not 1500.0 or 1.5e3).
    private static bool Int64(JsonNode v, out long? result)
    {
        result = v is JsonValue jv && jv.TryGetValue(out long l) ? l : null;
        return result is not null;
    }

    private static bool Int32(JsonNode v, out int? result)
    {
        result = Int64(v, out var l) && l is >= int.MinValue and <= int.MaxValue ? (int)l.Value : null;
        return result is not null;
    }

    private static bool UInt64(JsonNode v, out ulong? result)
    {
        result = v is JsonValue jv && jv.TryGetValue(out ulong u) ? u
            : Int64(v, out var l) && l >= 0 ? (ulong)l.Value : null;
        return result is not null;
    }
}
