using System.Text.Json.Nodes;
using MultusConfig.Operator.Tests.Admission;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>The valid SpiderMultusConfig reviews the fuzzer mutates: every cniType, CREATE, UPDATE and DELETE.</summary>
internal static class FuzzBaseReviews
{
    private static readonly string[] Specs =
    [
        """{"cniType":"macvlan","macvlan":{"master":["eth0"],"vlanID":100,"ippools":{"ipv4":["pool4"],"ipv6":["pool6"]}},"coordinator":{"mode":"underlay","podRPFilter":0}}""",
        """{"cniType":"ipvlan","ipvlan":{"master":["eth0","eth1"],"bond":{"name":"bond0","mode":1,"options":"miimon=100"}}}""",
        """{"cniType":"vlan","vlan":{"master":["eth0"],"vlanID":200,"vlanMode":"manual"}}""",
        """{"cniType":"sriov","sriov":{"resourceName":"nvidia/rdma","vlanID":5,"minTxRateMbps":10,"ippools":{"ipv4":["pool"]}}}""",
        """{"cniType":"ovs","ovs":{"bridge":"br1","vlan":7,"trunk":[{"minID":10,"maxID":20},{"id":30}]}}""",
        """{"cniType":"ib-sriov","ibsriov":{"resourceName":"mellanox/ib","pkey":"0x7fff","linkState":"enable"}}""",
        """{"cniType":"ipoib","ipoib":{"master":"ib0"}}""",
        """{"cniType":"custom","customCNI":"{\"cniVersion\":\"0.3.1\",\"type\":\"macvlan\",\"master\":\"eth0\"}"}""",
    ];

    private const string Annotations = """{"multus.spidernet.io/cni-version":"1.0.0","cni.spidernet.io/cniconfig-name":"net"}""";

    /// <summary>Built once: each case deep-clones the one it mutates.</summary>
    public static IReadOnlyList<JsonObject> All { get; } = Build();

    private static List<JsonObject> Build()
    {
        var reviews = new List<JsonObject>();
        for (var i = 0; i < Specs.Length; i++)
        {
            var name = "fuzz-net" + i;
            var smc = Reviews.Smc(name, Specs[i], annotations: i % 2 == 0 ? Annotations : null, ns: "team1");
            var older = Reviews.Smc(name, Specs[(i + 1) % Specs.Length], ns: "team1");
            reviews.Add(Reviews.Review("CREATE", smc));
            reviews.Add(Reviews.Review("UPDATE", smc, older));
            reviews.Add(Reviews.Review("DELETE", null, smc));
        }
        return reviews;
    }
}
