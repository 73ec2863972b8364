using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.Rendering;

/// <summary>
/// Generated SMC manifests covering what the examples do not: every cni-version, disableIPAM, MTU, IP
/// pools, chained tuning with sysctls, coordinator options, VLAN and bond masters (through ifacer), for
/// macvlan, ipvlan, vlan and custom. JSON is written with single quotes for readability.
/// </summary>
public static class Variations
{
    private static readonly Dictionary<string, (string Spec, string[] Chain, string Annotations)> All = new(StringComparer.Ordinal)
    {
        ["macvlan cni-version 0.3.0"] = (Macvlan(), [], Version("0.3.0")),
        ["macvlan cni-version 0.3.1"] = (Macvlan(), [], Version("0.3.1")),
        ["macvlan cni-version 0.4.0"] = (Macvlan(), [], Version("0.4.0")),
        ["macvlan cni-version 1.0.0"] = (Macvlan(), [], Version("1.0.0")),
        ["macvlan disableIPAM"] = (Macvlan(spec: "'disableIPAM':true"), [], Version("1.0.0")),
        ["macvlan mtu 1400"] = (Macvlan(",'mtu':1400"), [], ""),
        ["macvlan one IPv4 pool"] = (Macvlan(",'ippools':{'ipv4':['pool-a']}"), [], Version("0.4.0")),
        ["macvlan IPv4 and IPv6 pools"] = (Macvlan(",'ippools':{'ipv4':['pool-a','pool-b'],'ipv6':['pool-v6']}"), [], Version("1.0.0")),
        ["macvlan chained tuning sysctls"] = (Macvlan(), ["{'type':'tuning','sysctl':{'net.ipv4.conf.net1.arp_ignore':'1','net.ipv6.conf.net1.accept_ra':'0'}}"], Version("0.4.0")),
        ["macvlan chained tuning mtu and sysctl"] = (Macvlan(",'mtu':1450"), ["{'type':'tuning','mtu':1300,'sysctl':{'net.ipv4.conf.net1.arp_announce':'2'}}"], Version("1.0.0")),
        ["macvlan two chained plugins"] = (Macvlan(), ["{'type':'tuning','sysctl':{'net.ipv4.conf.all.arp_notify':'1'}}", "{ 'type': 'tuning', 'promisc': true }"], ""),
        ["macvlan coordinator options"] = (Macvlan(spec: "'coordinator':{'mode':'underlay','podCIDRType':'cluster','podRPFilter':2,'hijackCIDR':['10.233.0.0/18'],'policyRoutes':[{'dst':'10.9.0.0/16','gw':'10.250.0.1'}],'podMACPrefix':'0a:1b','tunePodRoutes':false,'txQueueLen':1000,'vethLinkAddress':'169.254.100.1','podDefaultRouteNIC':'net1','hostRuleTable':600}"), [], Version("1.0.0")),
        ["macvlan coordinator mode disabled"] = (Macvlan(spec: "'coordinator':{'mode':'disabled'}"), [], ""),
        ["macvlan coordinator hijackCIDR given as a bare IP"] = (Macvlan(spec: "'coordinator':{'hijackCIDR':['169.254.25.10']}"), [], ""),
        ["macvlan coordinator podRPFilter without podCIDRType"] = (Macvlan(spec: "'coordinator':{'podRPFilter':1}"), [], ""),
        ["macvlan coordinator off"] = (Macvlan(spec: "'enableCoordinator':false"), [], Version("0.4.0")),
        ["macvlan vlanID through ifacer"] = (Macvlan(",'vlanID':100"), [], Version("1.0.0")),
        ["macvlan bond through ifacer"] = (Macvlan(",'bond':{'name':'bond0','mode':1,'options':'primary=ens192'}", masters: "'ens192','ens224'"), [], ""),
        ["macvlan bond and vlanID through ifacer"] = (Macvlan(",'bond':{'name':'bond0','mode':4},'vlanID':42", masters: "'ens192','ens224'"), [], Version("0.4.0")),
        ["macvlan cniconfig-name and cr-name"] = (Macvlan(), [], "'multus.spidernet.io/cr-name':'blue-net','cni.spidernet.io/cniconfig-name':'blue'," + Version("1.0.0")),
        ["ipvlan plain"] = ("{'cniType':'ipvlan','ipvlan':{'master':['ens192']}}", [], ""),
        ["ipvlan vlanID and mtu"] = ("{'cniType':'ipvlan','ipvlan':{'master':['ens192'],'vlanID':7,'mtu':1400}}", [], Version("1.0.0")),
        ["ipvlan disableIPAM"] = ("{'cniType':'ipvlan','disableIPAM':true,'ipvlan':{'master':['ens192']}}", [], Version("0.4.0")),
        ["vlan manual"] = ("{'cniType':'vlan','vlan':{'master':['ens192'],'vlanID':200}}", [], ""),
        ["vlan with pools and mtu"] = ("{'cniType':'vlan','vlan':{'master':['ens192'],'vlanID':200,'mtu':1400,'ippools':{'ipv4':['pool-a']}}}", [], Version("1.0.0")),
        ["vlan disableIPAM"] = ("{'cniType':'vlan','disableIPAM':true,'vlan':{'master':['ens192'],'vlanID':10}}", [], Version("0.3.0")),
        ["vlan bond through ifacer"] = ("{'cniType':'vlan','vlan':{'master':['ens192','ens224'],'vlanID':300,'bond':{'name':'bond0','mode':1}}}", [], Version("0.4.0")),
        ["custom macvlan single config"] = ("{'cniType':'custom'}", [], ""),
        ["custom bridge conflist with tuning"] = ("{'cniType':'custom'}", [], ""),
    };

    /// <summary>customCNI texts (JSON inside a JSON string is easier to read here than escaped above).</summary>
    private static readonly Dictionary<string, string> CustomCni = new(StringComparer.Ordinal)
    {
        ["custom macvlan single config"] = "{'cniVersion':'0.4.0','name':'custom-mv','type':'macvlan','master':'ens192','mode':'bridge','ipam':{'type':'spiderpool'}}",
        ["custom bridge conflist with tuning"] = "{'cniVersion':'1.0.0','name':'custom-br','plugins':[{'type':'bridge','bridge':'br-test','ipam':{'type':'spiderpool'}},{'type':'tuning','sysctl':{'net.ipv4.conf.net1.arp_ignore':'1'}}]}",
    };

    public static IEnumerable<string> Names => All.Keys;

    /// <summary>Coordinator options and chained plugins.</summary>
    public static TheoryData<string> CoordinatorAndChain() => [.. Names.Where(IsCoordinatorOrChain)];

    /// <summary>ipvlan, vlan and custom types.</summary>
    public static TheoryData<string> OtherTypes() => [.. Names.Where(IsOtherType)];

    /// <summary>macvlan: versions, IPAM, MTU, pools, ifacer masters, annotations.</summary>
    public static TheoryData<string> MacvlanBasics() => [.. Names.Where(n => !IsCoordinatorOrChain(n) && !IsOtherType(n))];

    private static bool IsCoordinatorOrChain(string name) =>
        name.Contains("coordinator", StringComparison.Ordinal) || name.Contains("chained", StringComparison.Ordinal);

    private static bool IsOtherType(string name) =>
        name.StartsWith("ipvlan", StringComparison.Ordinal) || name.StartsWith("vlan", StringComparison.Ordinal) || name.StartsWith("custom", StringComparison.Ordinal);

    public static JsonObject Manifest(string name)
    {
        var (spec, chain, annotations) = All[name];
        var slug = new string([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        var metadata = new JsonObject { ["name"] = slug, ["namespace"] = "team1" };
        if (annotations.Length > 0)
        {
            metadata["annotations"] = Json("{" + annotations + "}");
        }
        var specObject = (JsonObject)Json(spec);
        if (chain.Length > 0)
        {
            specObject["chainCNIJsonData"] = new JsonArray([.. chain.Select(c => JsonValue.Create(c.Replace('\'', '"')))]);
        }
        if (CustomCni.TryGetValue(name, out var custom))
        {
            specObject["customCNI"] = custom.Replace('\'', '"');
        }
        return new JsonObject
        {
            ["apiVersion"] = "spiderpool.spidernet.io/v2beta1",
            ["kind"] = "SpiderMultusConfig",
            ["metadata"] = metadata,
            ["spec"] = specObject,
        };
    }

    private static JsonNode Json(string singleQuoted) => JsonNode.Parse(singleQuoted.Replace('\'', '"'))!;

    private static string Version(string v) => $"'multus.spidernet.io/cni-version':'{v}'";

    private static string Macvlan(string block = "", string spec = "", string masters = "'ens192'") =>
        "{'cniType':'macvlan'" + (spec.Length > 0 ? "," + spec : "") + ",'macvlan':{'master':[" + masters + "]" + block + "}}";
}
