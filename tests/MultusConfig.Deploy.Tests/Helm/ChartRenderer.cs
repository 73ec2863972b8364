using System.Text.Json.Nodes;
using MultusConfig.ApiServer;

namespace MultusConfig.Deploy.Tests.Helm;

/// <summary>
/// Renders deploy/helm/multus-config as <c>helm template</c> would (Helm itself cannot be installed here),
/// through <see cref="TemplateParser"/>'s deliberately small subset: the chart's crds/ as they are, then
/// every template not starting with an underscore, with the named templates of all of them.
/// </summary>
internal static class ChartRenderer
{
    public static string ChartDir => RepoPaths.Of("deploy", "helm", "multus-config");

    public static List<JsonObject> Render(Action<JsonObject>? overrideValues = null)
    {
        var values = YamlDocuments.Parse(File.ReadAllText(Path.Combine(ChartDir, "values.yaml"))).Single();
        overrideValues?.Invoke(values);
        var root = new JsonObject { ["Values"] = values, ["Release"] = new JsonObject { ["Name"] = "multus-config", ["Namespace"] = "default" } };

        var templates = Directory.GetFiles(Path.Combine(ChartDir, "templates")).Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), Parsed: TemplateParser.Parse(File.ReadAllText(f), Path.GetFileName(f)))).ToList();
        var defines = templates.SelectMany(t => t.Parsed.Defines).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);

        var objects = Directory.GetFiles(Path.Combine(ChartDir, "crds")).Order(StringComparer.Ordinal)
            .SelectMany(f => YamlDocuments.Parse(File.ReadAllText(f))).ToList();
        foreach (var (name, parsed) in templates.Where(t => !t.Name.StartsWith('_')))
        {
            var text = new TemplateRenderer(defines, name).Render(parsed.Body, root);
            objects.AddRange(YamlDocuments.Parse(text));
        }
        return objects;
    }

    /// <summary>The object with its keys sorted at every level, as text: equal objects give equal texts.</summary>
    public static string Canonical(JsonNode? node) => Sorted(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
