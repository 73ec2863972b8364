using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using MultusConfig.Operator.Tests.Admission;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// CsCheck generators of mutated AdmissionReviews. Case <c>i</c> of seed <c>s</c> is generated from its own
/// PCG stream, so every case replays exactly from (seed, index) whatever the order or parallelism of the run.
/// </summary>
internal static class FuzzCaseGenerator
{
    private static readonly Gen<double> At = Gen.Double[0.0, 0.999999];

    private static readonly string[] WrongValues =
    [
        "42", "-1", "0", "1.5e308", "-9223372036854775809", "18446744073709551616", "\"\"", "\"x\"", "\"CREATE\"", "\"eth0\"",
        "true", "false", "null", "[]", "{}", "[1,\"a\",null]", "{\"x\":{\"y\":[]}}", "[[[[]]]]", "\"\\u0000\"", "\"\\ud800\"",
    ];

    /// <summary>Review- and object-level identity fields set to what a confused or hostile caller might send.</summary>
    private static readonly (string Path, string Json)[] FieldSettings =
    [
        ("/apiVersion", "\"admission.k8s.io/v1beta1\""), ("/apiVersion", "\"v1\""), ("/apiVersion", "null"),
        ("/kind", "\"TokenReview\""), ("/kind", "\"admissionreview\""), ("/kind", "7"),
        ("/request/object/apiVersion", "\"spiderpool.spidernet.io/v1\""), ("/request/object/kind", "\"ConfigMap\""),
        ("/request/oldObject/apiVersion", "\"v1\""), ("/request/oldObject/kind", "\"Secret\""),
        ("/request/operation", "\"CONNECT\""), ("/request/operation", "\"PATCH\""), ("/request/operation", "\"create\""),
        ("/request/operation", "\"CREATE\""), ("/request/operation", "\"UPDATE\""), ("/request/operation", "\"DELETE\""),
        ("/request/uid", "\"\""), ("/request/uid", "42"), ("/request/uid", "null"), ("/request/uid", "\"ü-\\u2028-uid\""),
        ("/request/kind", "{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Secret\"}"),
        ("/request/resource", "{\"group\":\"apps\",\"version\":\"v1\",\"resource\":\"deployments\"}"),
        ("/request/object/spec/cniType", "\"bridge\""), ("/request/object/spec/cniType", "\"custom\""), ("/request/object/spec/cniType", "\"\""),
        ("/request/object/spec/customCNI", "\"{not json\""), ("/request/object/spec/chainCNIJsonData", "[\"{\\\"type\\\":\\\"tuning\\\"}\",\"[\"]"),
        ("/request/object/metadata/name", "\"UPPER_case\""), ("/request/object/metadata/name", "\"\""),
        ("/request/object/metadata/annotations", "{\"multus.spidernet.io/cr-name\":\"-bad-\"}"),
        ("/request/object/metadata/annotations", "{\"multus.spidernet.io/cni-version\":\"9.9.9\"}"),
        ("/request/object/metadata/annotations", "{\"cni.spidernet.io/rdma-resource-inject\":\"x\",\"cni.spidernet.io/network-resource-inject\":\"y\"}"),
        ("/request/object/metadata/labels", "{\"a\":1}"),
        ("/request/object/spec/coordinator", "{\"mode\":\"overlay\",\"podMACPrefix\":\"zz:zz\",\"hijackCIDR\":[\"300.0.0.0/8\"],\"podRPFilter\":7,\"vethMTU\":0}"),
        ("/request/dryRun", "\"yes\""), ("/request/options", "[]"),
    ];

    private static readonly string[] StringUnits = ["a", "é", "\\u00e9", "\\\"", "\\\\", "\\ud800", "\\u0000", "😀"];

    private static readonly Gen<TreeMutation> Tree = Gen.Frequency(
        (30, Gen.Select(At, Gen.OneOfConst(WrongValues), (at, json) => (TreeMutation)new WrongType(at, json))),
        (15, At.Select(at => (TreeMutation)new Remove(at))),
        (8, Gen.Select(At, Gen.OneOfConst("extra", "kind", "", "__proto__", "status"), Gen.OneOfConst(WrongValues), (at, key, json) => (TreeMutation)new AddField(at, key, json))),
        (25, Gen.OneOfConst(FieldSettings).Select(f => (TreeMutation)new SetField(f.Path, f.Json))),
        (4, Gen.Select(At, Gen.Int[0, StringUnits.Length - 1], Gen.OneOfConst(254, 4096), (at, unit, count) => (TreeMutation)new HugeString(at, count, StringUnits[unit]))),
        (3, Gen.Select(At, Gen.OneOfConst(10, 63, 65, 1000, 10_000), Gen.Bool, (at, depth, objects) => (TreeMutation)new DeepNesting(at, depth, objects))),
        // 1 MiB of text, whatever the unit's encoded size.
        (1, Gen.Select(At, Gen.Int[0, StringUnits.Length - 1], (at, unit) =>
            (TreeMutation)new HugeString(at, 1024 * 1024 / Encoding.UTF8.GetByteCount(StringUnits[unit]), StringUnits[unit]))),
        // Items of at most 10 bytes: 100,000 of them stay under the 3 MiB body limit, so the review is read, not refused.
        (1, Gen.Select(At, Gen.OneOfConst("0", "\"eth0\"", "{}", "null", "[]", "{\"gw\":1}", "\"\\ud83d\""), (at, item) => (TreeMutation)new HugeArray(at, 100_000, item))));

    private static readonly byte[][] NotUtf8 = [[0x80], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];

    private static readonly Gen<ByteMutation?> Bytes = Gen.Frequency(
        (70, Gen.Const((ByteMutation?)null)),
        (8, At.Select(at => (ByteMutation?)new Truncate(at))),
        (8, Gen.Select(At, Gen.Int[0, NotUtf8.Length - 1], (at, b) => (ByteMutation?)new InvalidUtf8(at, NotUtf8[b]))),
        (8, Gen.Select(At, Gen.OneOfConst("kind", "apiVersion", "uid", "request", "spec", "cniType", "\\udfff"), (at, key) => (ByteMutation?)new DuplicateKey(at, key))),
        (6, Gen.Select(At, Gen.Byte, (at, value) => (ByteMutation?)new FlipByte(at, value))));

    private static readonly Gen<string?> ContentTypes = Gen.FrequencyConst<string?>(
        (85, "application/json"), (3, "text/plain"), (3, null), (3, "application/json; charset=utf-16"), (3, "application/x-www-form-urlencoded"), (3, "}{"));

    private static readonly Gen<(int Base, bool Mutate, TreeMutation[] Tree, ByteMutation? Bytes, string? ContentType)> Plans =
        Gen.Select(Gen.Int[0, FuzzBaseReviews.All.Count - 1], Gen.Bool, Tree.Array[0, 3], Bytes, ContentTypes);

    public static FuzzCase Generate(ulong seed, int index)
    {
        var pcg = new PCG((uint)(seed >> 32) ^ (uint)seed, seed + (ulong)index * 0x9E3779B97F4A7C15UL);
        var plan = Plans.Generate(pcg, null, out _);

        var review = FuzzBaseReviews.All[plan.Base].DeepClone().AsObject();
        review["request"]!["uid"] = "fuzz-" + index;
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        var description = new StringBuilder($"case {index}: base {plan.Base} ({review["request"]!["operation"]})");
        foreach (var mutation in plan.Tree) description.Append("; ").Append(Truncated(mutation.Apply(review, raw)));

        var text = review.ToJsonString();
        foreach (var (marker, payload) in raw) text = text.Replace(marker, payload, StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(text);
        if (plan.Bytes is { } bytes)
        {
            (body, var what) = bytes.Apply(body);
            description.Append("; ").Append(what);
        }
        description.Append("; content-type ").Append(plan.ContentType ?? "(none)");
        var path = plan.Mutate ? Reviews.MutatePath : Reviews.ValidatePath;
        return new FuzzCase(index, path, body, plan.ContentType, $"{path} {description}");
    }

    private static string Truncated(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
