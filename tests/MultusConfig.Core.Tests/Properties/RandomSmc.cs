using System.Text.Json.Nodes;
using MultusConfig.Core.Schema;

namespace MultusConfig.Core.Tests.Properties;

/// <summary>
/// Builds random SMC manifests from the CRD's own schema: most values are well-typed and drawn from
/// pools of plausible and boundary values, some are of the wrong type, null, huge or unknown, so that
/// both valid and broken objects come out.
/// </summary>
internal sealed class RandomSmc(Random random)
{
    private static readonly string[] Strings =
    [
        "", "eth0", "ens192", "bond0", "ib0", "br-ex", "eth0.100", "a/b", "x y", "averyveryverylongifname",
        "10.0.0.0/8", "10.0.0.1/8", "fd00::/64", "169.254.1.1", "fe80::1%eth0", "0a:1b", "01:00", "+a:00",
        "0000:3b:02.0", "auto", "manual", "custom", "macvlan", "ipvlan", "vlan", "sriov", "ib-sriov", "ipoib", "ovs",
        "underlay", "overlay", "disabled", "calico", "enable", "disable", "intel.com/sriov", "0x7fff", "pool-v4",
        "{\"type\":\"tuning\"}", "{\"type\":\"bandwidth\",\"capabilities\":{\"bandwidth\":true}}", "{}", "[]", "null",
        "{\"Type\":\"x\"}", "{\"type\":\"t\",\"n\":1e400}", "{\"type\":\"a\",\"type\":\"b\"}", "{\"cniVersion\":\"0.3.1\",\"plugins\":[{\"type\":\"bridge\"}]}",
        "{not json", "\u2028<&>\"\\", "é😀",
    ];

    private static readonly long[] Integers = [0, 1, 2, 3, -1, 5, 100, 1400, 1500, 4094, 4095, 9000, int.MaxValue, -2147483649L, long.MaxValue];

    private static readonly string[] AnnotationKeys =
    [
        "multus.spidernet.io/cr-name", "multus.spidernet.io/cni-version", "cni.spidernet.io/cniconfig-name",
        "cni.spidernet.io/rdma-resource-inject", "cni.spidernet.io/network-resource-inject", "k8s.v1.cni.cncf.io/resourceName", "team",
    ];

    private static readonly string[] AnnotationValues = ["", "blue-net", "0.3.1", "1.0.0", "2.0", "Bad Name", "gpu", "x/y"];

    public JsonObject Manifest()
    {
        var metadata = new JsonObject { ["name"] = Pick(["net", "a", "Bad_Name", ""]), ["namespace"] = "team1" };
        if (Chance(0.5))
        {
            var annotations = new JsonObject();
            for (var i = random.Next(4); i > 0; i--) annotations[Pick(AnnotationKeys)] = Chance(0.95) ? Pick(AnnotationValues) : 7;
            metadata["annotations"] = annotations;
        }
        var manifest = new JsonObject
        {
            ["apiVersion"] = Chance(0.97) ? "spiderpool.spidernet.io/v2beta1" : "v1",
            ["kind"] = "SpiderMultusConfig",
            ["metadata"] = Chance(0.98) ? metadata : new JsonArray(),
        };
        if (Chance(0.95)) manifest["spec"] = Chance(0.5) ? Plausible() : Chance(0.97) ? Value(SmcSchema.Spec, 0) : Wrong();
        return manifest;
    }

    private static readonly string[] ValidSpecs =
    [
        """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""",
        """{"cniType":"ipvlan","ipvlan":{"master":["eno1","eno2"],"vlanID":30,"bond":{"name":"bond9","mode":6}}}""",
        """{"cniType":"vlan","vlan":{"master":["eth2"],"vlanID":200}}""",
        """{"cniType":"sriov","sriov":{"resourceName":"example.com/vf"}}""",
        """{"cniType":"ib-sriov","ibsriov":{"resourceName":"example.com/ib"}}""",
        """{"cniType":"ipoib","ipoib":{"master":"ib1"}}""",
        """{"cniType":"ovs","ovs":{"bridge":"br-ex"}}""",
        """{"cniType":"custom","customCNI":"{\"type\":\"bridge\"}"}""",
    ];

    /// <summary>A valid spec of a random type with a few random changes: many stay valid, some break.</summary>
    private JsonObject Plausible()
    {
        var spec = JsonNode.Parse(Pick(ValidSpecs))!.AsObject();
        var type = (string)spec["cniType"]!;
        var blockName = type == "ib-sriov" ? "ibsriov" : type;
        var blockSchema = SmcSchema.Spec.Properties!.GetValueOrDefault(blockName);
        for (var i = random.Next(4); i > 0; i--)
        {
            if (blockSchema?.Properties is { } props && spec[blockName] is JsonObject block && Chance(0.6))
            {
                var (name, child) = props.ElementAt(random.Next(props.Count));
                block[name] = Value(child, 2);
            }
            else if (type != "custom")
            {
                var name = Pick(["coordinator", "chainCNIJsonData", "disableIPAM", "enableCoordinator"]);
                spec[name] = Value(SmcSchema.Spec.Properties![name], 1);
            }
        }
        return spec;
    }

    private JsonNode? Value(StructuralSchema schema, int depth)
    {
        if (Chance(0.04)) return Wrong();
        switch (schema.Type)
        {
            case "object":
                var obj = new JsonObject();
                foreach (var (name, child) in schema.Properties ?? new Dictionary<string, StructuralSchema>())
                {
                    // Blocks of other cniTypes appear rarely, so that many objects are valid.
                    var p = depth == 0 && name is "macvlan" or "ipvlan" or "vlan" or "sriov" or "ibsriov" or "ipoib" or "ovs" ? 0.25 : 0.5;
                    if (name == "cniType") p = 0.9;
                    if (Chance(p)) obj[name] = Value(child, depth + 1);
                }
                if (Chance(0.02)) obj["unknownField"] = 1;
                return obj;
            case "array":
                var array = new JsonArray();
                for (var i = random.Next(4); i > 0; i--) array.Add(schema.Items is null ? null : Value(schema.Items, depth + 1));
                return array;
            case "string":
                return schema.Enum is { Count: > 0 } e && Chance(0.9) ? e[random.Next(e.Count)]!.DeepClone() : JsonValue.Create(Pick(Strings));
            case "integer":
                return Chance(0.8) ? random.Next(-2, 4100) : Integers[random.Next(Integers.Length)];
            case "boolean":
                return Chance(0.5);
            default:
                return Wrong();
        }
    }

    private JsonNode? Wrong() => random.Next(7) switch
    {
        0 => null,
        1 => "wrong",
        2 => 1.5,
        3 => new JsonArray(1, "x"),
        4 => new JsonObject { ["deep"] = Deep(40) },
        5 => new string('z', 100_000),
        _ => true,
    };

    private static JsonNode Deep(int levels)
    {
        JsonNode node = "bottom";
        for (var i = 0; i < levels; i++) node = new JsonObject { ["n"] = node };
        return node;
    }

    private bool Chance(double p) => random.NextDouble() < p;

    private string Pick(string[] values) => values[random.Next(values.Length)];
}
