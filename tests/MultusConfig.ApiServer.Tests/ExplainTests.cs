using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static MultusConfig.ApiServer.Tests.TestObjects;

namespace MultusConfig.ApiServer.Tests;

/// <summary>
/// The real kubectl explain (OpenAPI v3: /openapi/v3, then the group-version document its serverRelativeURL
/// names) against the double, which publishes CRD schemas as kube-apiserver does.
/// </summary>
public sealed partial class ExplainTests
{
    [Fact]
    public async Task Kubectl_explain_of_a_field_prints_its_crd_description()
    {
        await using var server = await StartWithCrdsAsync();
        using var kubectl = new Kubectl(server);

        var explain = await kubectl.RunAsync("explain", "smc.spec.macvlan.vlanID");

        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.Contains("GROUP:      spiderpool.spidernet.io", explain.Stdout, StringComparison.Ordinal);
        Assert.Contains("KIND:       SpiderMultusConfig", explain.Stdout, StringComparison.Ordinal);
        Assert.Contains("FIELD: vlanID <integer>", explain.Stdout, StringComparison.Ordinal);
        Assert.Contains(Words(Description(SmcSchema(), "spec", "macvlan", "vlanID")), Words(explain.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_explain_recursive_prints_the_kind_description_and_every_field()
    {
        await using var server = await StartWithCrdsAsync();
        using var kubectl = new Kubectl(server);

        var explain = await kubectl.RunAsync("explain", "spidermultusconfig", "--recursive");

        Assert.True(explain.ExitCode == 0, explain.ToString());
        var schema = SmcSchema();
        Assert.Contains(Words(schema["description"]!.GetValue<string>()), Words(explain.Stdout), StringComparison.Ordinal);
        foreach (var field in FieldNames(schema).Distinct())
            Assert.Matches(new Regex($@"(?m)^\s+{Regex.Escape(field)}\s+<"), explain.Stdout);
    }

    private static JsonObject SmcSchema() =>
        YamlDocuments.Parse(File.ReadAllText(RepoPaths.SmcCrd)).Single()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();

    private static string Description(JsonNode schema, params string[] path) =>
        path.Aggregate(schema, (node, name) => node["properties"]![name]!)["description"]!.GetValue<string>();

    private static IEnumerable<string> FieldNames(JsonNode schema)
    {
        foreach (var (name, child) in schema["properties"]?.AsObject() ?? [])
        {
            yield return name;
            foreach (var nested in FieldNames(child!)) yield return nested;
            if (child!["items"] is JsonObject items) foreach (var nested in FieldNames(items)) yield return nested;
        }
    }

    /// <summary>kubectl wraps descriptions at 76 columns and indents them; compare the words only.</summary>
    private static string Words(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
