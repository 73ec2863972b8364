using System.Text;
using System.Text.Json.Nodes;
using MultusConfig.Operator.Admission;

namespace MultusConfig.Operator.Tests.Admission;

public sealed class JsonPatchDiffTests
{
    [Fact]
    public void Diff_KeysWithTildeAndSlash_AreEscapedAsRfc6901Requires()
    {
        var before = JsonNode.Parse("""{"m":{"a/b":1,"c~d":2,"~1":3}}""");
        var after = JsonNode.Parse("""{"m":{"a/b":9,"~1":3,"e/~f":4}}""");

        var ops = JsonPatchDiff.Diff(before, after);

        Assert.Equal(
            ["replace /m/a~1b", "remove /m/c~0d", "add /m/e~1~0f"],
            ops.Select(o => $"{o.Op} {o.Path}"));
        var patch = JsonNode.Parse(Encoding.UTF8.GetString(JsonPatchDiff.Serialize(ops)))!.AsArray();
        Assert.True(JsonNode.DeepEquals(after, JsonPatchApplier.Apply(before!, patch)));
    }

    [Fact]
    public void Diff_EqualDocumentsWithNumbersSpelledDifferently_HasNoOperations()
    {
        var ops = JsonPatchDiff.Diff(JsonNode.Parse("""{"a":1500,"b":[1e2,2],"c":{"x":null}}"""), JsonNode.Parse("""{"c":{"x":null},"b":[100,2.0],"a":1500.00}"""));

        Assert.Empty(ops);
    }

    [Fact]
    public void Diff_ChangedArray_IsReplacedWhole()
    {
        var ops = JsonPatchDiff.Diff(JsonNode.Parse("""{"l":[1,2,3]}"""), JsonNode.Parse("""{"l":[1,3]}"""));

        var op = Assert.Single(ops);
        Assert.Equal(("replace", "/l", "[1,3]"), (op.Op, op.Path, op.Value!.ToJsonString()));
    }

    [Fact]
    public void Serialize_AddOfNull_KeepsTheValueMember()
    {
        var json = Encoding.UTF8.GetString(JsonPatchDiff.Serialize([new JsonPatchOperation("add", "/a", null), new JsonPatchOperation("remove", "/b")]));

        Assert.Equal("""[{"op":"add","path":"/a","value":null},{"op":"remove","path":"/b"}]""", json);
    }
}
