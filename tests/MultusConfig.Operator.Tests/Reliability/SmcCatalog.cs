using System.Globalization;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// SMC specs for workloads, as JSON text: valid ones of every common cniType, and invalid ones that pass
/// the CRD schema (so the API server stores them while no webhook runs) but fail our validation.
/// </summary>
internal static class SmcCatalog
{
    public static readonly string[] ValidKinds = ["macvlan", "ipvlan", "vlan", "sriov", "ovs", "ovs-offload", "custom"];

    public static string Valid(string kind, int n)
    {
        var i = n.ToString(CultureInfo.InvariantCulture);
        return kind switch
        {
            "macvlan" => $$$"""{"cniType":"macvlan","macvlan":{"master":["ens{{{n % 200}}}"],"mtu":{{{1400 + (n % 100)}}}}}""",
            "ipvlan" => $$$"""{"cniType":"ipvlan","ipvlan":{"master":["eth{{{n % 10}}}"]}}""",
            "vlan" => $$$"""{"cniType":"vlan","vlan":{"master":["eth2"],"vlanID":{{{(n % 4094) + 1}}}}}""",
            "sriov" => $$$"""{"cniType":"sriov","sriov":{"resourceName":"example.com/vf_{{{n % 5}}}","vlanID":{{{n % 100}}}}}""",
            "ovs" => $$$"""{"cniType":"ovs","ovs":{"bridge":"br-{{{n % 9}}}"}}""",
            "ovs-offload" => $$$"""{"cniType":"ovs","ovs":{"bridge":"br-{{{n % 9}}}","deviceID":"0000:3b:02.{{{n % 8}}}"}}""",
            "custom" => $$$"""{"cniType":"custom","customCNI":"{\"cniVersion\":\"0.3.1\",\"type\":\"bridge\",\"bridge\":\"br{{{i}}}\"}"}""",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    public static readonly string[] InvalidKinds = ["vlan-without-id", "long-master", "ovs-bad-device"];

    public static string Invalid(string kind, int n) => kind switch
    {
        // vlanMode defaults to manual, which needs a vlanID (D18).
        "vlan-without-id" => $$$"""{"cniType":"vlan","vlan":{"master":["eth{{{n % 10}}}"]}}""",
        // Longer than the kernel's 15 bytes for an interface name.
        "long-master" => $$$"""{"cniType":"macvlan","macvlan":{"master":["a-much-too-long-interface-{{{n % 10}}}"]}}""",
        "ovs-bad-device" => $$$"""{"cniType":"ovs","ovs":{"bridge":"br-ex","deviceID":"not-a-pci-address-{{{n % 10}}}"}}""",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>SMC annotations a workload may set at creation: none, a CNI version, a config name, kubectl's bookkeeping.</summary>
    public static Dictionary<string, string>? Annotations(int n) => (n % 5) switch
    {
        1 => new() { ["multus.spidernet.io/cni-version"] = "0.4.0" },
        2 => new() { ["cni.spidernet.io/cniconfig-name"] = "cfg-" + n.ToString(CultureInfo.InvariantCulture), ["team.example/owner"] = "blue" },
        3 => new() { ["kubectl.kubernetes.io/last-applied-configuration"] = """{"kind":"SpiderMultusConfig"}""" },
        _ => null,
    };
}
