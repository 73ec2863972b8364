using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MultusConfig.ApiServer;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>
/// Generates docs/reference.md, the SpiderMultusConfig field reference, from the shipped CRD's schema,
/// so the documentation cannot drift from what the API server enforces.
/// </summary>
internal static class FieldReference
{
    public static string Path => RepoPaths.Of("docs", "reference.md");

    public static string Generate()
    {
        var crd = YamlDocuments.Parse(File.ReadAllText(RepoPaths.Of("deploy", "crds", "spidermultusconfigs.spiderpool.spidernet.io.yaml"))).Single();
        var version = crd["spec"]!["versions"]!.AsArray().Single(v => v!["storage"]!.GetValue<bool>())!;
        var schema = version["schema"]!["openAPIV3Schema"]!;
        var text = new StringBuilder();
        text.Append("# SpiderMultusConfig field reference\n\n");
        text.Append(CultureInfo.InvariantCulture, $"`{Str(crd["spec"]!["group"])}/{Str(version["name"])}`, kind `SpiderMultusConfig`, short name `smc`. ");
        text.Append("Generated from `deploy/crds/spidermultusconfigs.spiderpool.spidernet.io.yaml` by ");
        text.Append("`tests/MultusConfig.Deploy.Tests/Docs/FieldReference.cs`; a test fails when this file differs. Regenerate with\n");
        text.Append("`MULTUS_CONFIG_UPDATE_DOCS=1 dotnet test tests/MultusConfig.Deploy.Tests -c Release --filter FieldReference`.\n\n");
        text.Append("Defaults are the ones the API server stores; the validation beyond the schema (every error at once, with its field path) is the webhook's, see the README.\n\n");
        foreach (var top in new[] { "spec", "status" })
        {
            if (schema["properties"]?[top] is not JsonObject part) continue;
            text.Append(CultureInfo.InvariantCulture, $"## {top}\n\n");
            if (Str(part["description"]) is { } d) text.Append(Angles(d)).Append("\n\n");
            text.Append("| field | type | default | constraints | description |\n|---|---|---|---|---|\n");
            Walk(text, top, part);
            text.Append('\n');
        }
        text.Append("## Annotations\n\n");
        text.Append("Every annotation of the SMC is copied onto the NAD, except `kubectl.kubernetes.io/last-applied-configuration`. ");
        text.Append("These change what the NAD is. Their rules are checked at admission; the operator checks the same ones, except those about updates, ");
        text.Append("before rendering (`Ready=False`, reason `Invalid`). Generated from `tests/MultusConfig.Deploy.Tests/Docs/AnnotationReference.cs`, with keys and values from `MultusConfig.Core.Api.Annotations`.\n\n");
        text.Append("| annotation | on | effect |\n|---|---|---|\n");
        foreach (var row in AnnotationReference.Rows)
            text.Append(CultureInfo.InvariantCulture, $"| `{row.Key}` | {row.On} | {Cell(row.Effect)} |\n");
        return text.ToString();
    }

    private static void Walk(StringBuilder text, string path, JsonNode schema)
    {
        foreach (var (name, child) in schema["properties"]?.AsObject() ?? [])
        {
            var childPath = $"{path}.{name}";
            text.Append(CultureInfo.InvariantCulture,
                $"| `{childPath}`{(Required(schema, name) ? " (required)" : "")} | {Type(child!)} | {Default(child!)} | {Constraints(child!)} | {Cell(Angles(Str(child!["description"])))} |\n");
            Walk(text, childPath, child!);
            WalkItems(text, childPath, child!);
        }
    }

    /// <summary>The fields of a list's objects, also of a list of lists (host-local's ranges: ranges[][].subnet).</summary>
    private static void WalkItems(StringBuilder text, string path, JsonNode schema)
    {
        if (schema["items"] is not JsonObject items) return;
        if (items["properties"] is not null) Walk(text, path + "[]", items);
        WalkItems(text, path + "[]", items);
    }

    private static bool Required(JsonNode schema, string name) => schema["required"]?.AsArray().Any(r => Str(r) == name) == true;

    private static string Type(JsonNode s) => Str(s["type"]) switch
    {
        "array" => $"[]{(s["items"] is { } items ? Type(items) : "any")}",
        null when s["x-kubernetes-int-or-string"] is not null => "int or string",
        null => "any",
        var t => t,
    };

    private static string Default(JsonNode s) => s["default"] is { } d ? $"`{d.ToJsonString()}`" : "";

    private static string Constraints(JsonNode s)
    {
        var parts = new List<string>();
        if (s["enum"] is JsonArray e) parts.Add("one of " + string.Join(", ", e.Select(v => $"`{Str(v) ?? v?.ToJsonString()}`")));
        foreach (var key in new[] { "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern", "format" })
            if (s[key] is { } v) parts.Add($"{key} `{Str(v) ?? v.ToJsonString()}`");
        return Cell(string.Join("; ", parts));
    }

    /// <summary>Descriptions are plain text for kubectl explain; in Markdown, "&lt;bridge&gt;" would be an HTML tag.</summary>
    private static string? Angles(string? text) =>
        text?.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Cell(string? text) => (text ?? "").Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Trim();
}
