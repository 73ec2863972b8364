using System.Text.Json.Nodes;
using CsCheck;
using MultusConfig.Cli.Output;
using MultusConfig.Core.Manifests;

namespace MultusConfig.Cli.Tests;

public class YamlWriterTests
{
    private static string RoundTrip(string value)
    {
        var yaml = YamlWriter.Write(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "A", ["v"] = value });
        var read = ManifestReader.Read(yaml);
        Assert.True(read.Succeeded, $"{yaml}\n{string.Join("\n", read.Errors)}");
        return Assert.Single(read.Documents).Manifest["v"]!.GetValue<string>();
    }

    [Theory]
    [InlineData("macvlan", "macvlan")]
    [InlineData("spidernet.io/mellanoxrdma", "spidernet.io/mellanoxrdma")]
    [InlineData("yes", "'yes'")]
    [InlineData("off", "'off'")]
    [InlineData("null", "'null'")]
    [InlineData("", "''")]
    [InlineData("0755", "'0755'")]
    [InlineData("1e3", "'1e3'")]
    [InlineData("2001-12-14", "'2001-12-14'")]
    [InlineData("1:20", "'1:20'")]
    [InlineData("<<", "'<<'")]
    [InlineData("- item", "'- item'")]
    [InlineData("a #b", "'a #b'")]
    [InlineData("it's", "it's")]
    [InlineData("{\"a\":'b'}", "'{\"a\":''b''}'")]
    [InlineData("line\nbreak", "\"line\\nbreak\"")]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData(" padded", "\" padded\"")]
    public void Strings_are_written_plain_only_when_they_cannot_be_read_as_anything_else(string value, string expected) =>
        Assert.Equal(expected, YamlWriter.Scalar(value));

    [Theory]
    [InlineData("""{"cniVersion":"0.3.1","name":"x","plugins":[{"type":"macvlan","master":"ens192"}]}""")]
    [InlineData("quote ' and \" and \\ backslash")]
    [InlineData("unicode: ünïcødé 中文 \U0001F600")]
    [InlineData("\u2028 line separator and \u0085 next line and \uFEFF bom")]
    [InlineData("control \u0001 \u001F \u007F \u009F")]
    [InlineData("trailing newline\n")]
    [InlineData("  ")]
    [InlineData("#not a comment")]
    [InlineData("~")]
    [InlineData(".inf")]
    public void Hard_strings_read_back_unchanged(string value) => Assert.Equal(value, RoundTrip(value));

    [Fact]
    public void Any_string_reads_back_unchanged() =>
        Gen.String[Gen.Char, 0, 40].Where(s => !ContainsUnpairedSurrogate(s)).Sample(s => Assert.Equal(s, RoundTrip(s)), iter: 3000);

    [Fact]
    public void Yaml_significant_strings_read_back_unchanged() =>
        Gen.String[Gen.Char["\"'\\:#-?{}[],&*!|>%@` \t\n\r0123456789.+eExyYnNoO~<=_"], 0, 20].Sample(s => Assert.Equal(s, RoundTrip(s)), iter: 5000);

    [Fact]
    public void Nested_objects_arrays_and_numbers_keep_their_structure()
    {
        var original = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "A",
            ["metadata"] = new JsonObject { ["name"] = "n", ["labels"] = new JsonObject(), ["finalizers"] = new JsonArray() },
            ["list"] = new JsonArray(1, 2.5, true, null, "s", new JsonArray("x", "y"), new JsonObject { ["k"] = "v", ["k2"] = new JsonArray(1) }),
        };
        var yaml = YamlWriter.Write(original);
        var back = Assert.Single(ManifestReader.Read(yaml).Documents).Manifest;
        Assert.Equal(original.ToJsonString(), back.ToJsonString());
        Assert.Contains("\nlist:\n- 1\n- 2.5\n- true\n- null\n- s\n- - x\n  - 'y'\n- k: v\n  k2:\n  - 1\n", yaml, StringComparison.Ordinal);
    }

    private static bool ContainsUnpairedSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }
        return false;
    }
}
