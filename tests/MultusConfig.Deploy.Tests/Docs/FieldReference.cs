using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MultusConfig.ApiServer;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>
/// Generates docs/reference.md, the SpiderMultusConfig field reference, from the shipped CRD's schema,
/// so the documentation cannot drift from what the API server enforces; and docs/zh-CN/reference.md, the same page
/// with every text taken from the Chinese translations in docs/zh-CN/field-descriptions.yaml (<see cref="ReferenceTranslation"/>).
/// </summary>
internal static class FieldReference
{
    /// <summary>Gives the text of a piece of the page in the page's language, from its section, its name in that section and its English.</summary>
    public delegate string Texts(ReferenceText piece);

    public static string Path => RepoPaths.Of("docs", "reference.md");

    public static string ChinesePath => RepoPaths.Of("docs", "zh-CN", "reference.md");

    public static string Generate() => Generate(piece => piece.English);

    public static string GenerateChinese() => Generate(ReferenceTranslation.Load(ReferenceTranslation.Path).Chinese);

    /// <summary>Every text of the English page, each once, as the generator asks for it: what the translations must cover.</summary>
    public static IReadOnlyList<ReferenceText> EnglishTexts()
    {
        var pieces = new Dictionary<(string, string), ReferenceText>();
        Generate(piece =>
        {
            pieces.TryAdd((piece.Section, piece.Name), piece);
            return piece.English;
        });
        return [.. pieces.Values];
    }

    public static string Generate(Texts texts)
    {
        string Page(string name, string english) => texts(new ReferenceText(ReferenceText.Page, name, english));
        var crd = YamlDocuments.Parse(File.ReadAllText(RepoPaths.Of("deploy", "crds", "spidermultusconfigs.spiderpool.spidernet.io.yaml"))).Single();
        var version = crd["spec"]!["versions"]!.AsArray().Single(v => v!["storage"]!.GetValue<bool>())!;
        var schema = version["schema"]!["openAPIV3Schema"]!;
        var text = new StringBuilder();
        text.Append("# ").Append(Page("title", "SpiderMultusConfig field reference")).Append("\n\n");
        text.Append(Page("language link", "[中文](zh-CN/reference.md)")).Append("\n\n");
        text.Append(Page("intro",
            "`{apiVersion}`, kind `SpiderMultusConfig`, short name `smc`. " +
            "Generated from `deploy/crds/spidermultusconfigs.spiderpool.spidernet.io.yaml` by " +
            "`tests/MultusConfig.Deploy.Tests/Docs/FieldReference.cs`; a test fails when this file differs. Regenerate with\n" +
            "`MULTUS_CONFIG_UPDATE_DOCS=1 dotnet test tests/MultusConfig.Deploy.Tests -c Release --filter FieldReference`.")
            .Replace("{apiVersion}", $"{Str(crd["spec"]!["group"])}/{Str(version["name"])}", StringComparison.Ordinal)).Append("\n\n");
        text.Append(Page("defaults",
            "Defaults are the ones the API server stores; the validation beyond the schema (every error at once, with its field path) is the webhook's, see the README.")).Append("\n\n");
        var fields = new Columns(Page("field column", "field"), Page("type column", "type"), Page("default column", "default"),
            Page("constraints column", "constraints"), Page("description column", "description"));
        foreach (var top in new[] { "spec", "status" })
        {
            if (schema["properties"]?[top] is not JsonObject part) continue;
            text.Append(CultureInfo.InvariantCulture, $"## {top}\n\n");
            if (Str(part["description"]) is { } d) text.Append(Angles(texts(ReferenceText.Field(top, d)))).Append("\n\n");
            text.Append(CultureInfo.InvariantCulture, $"| {fields.Field} | {fields.Type} | {fields.Default} | {fields.Constraints} | {fields.Description} |\n|---|---|---|---|---|\n");
            Walk(text, top, part, texts, Page("required", " (required)"), Page("one of", "one of"));
            text.Append('\n');
        }
        text.Append("## ").Append(Page("annotations heading", "Annotations")).Append("\n\n");
        text.Append(Page("annotations intro",
            "Every annotation of the SMC is copied onto the NAD, except `kubectl.kubernetes.io/last-applied-configuration`. " +
            "These change what the NAD is. Their rules are checked at admission; the operator checks the same ones, except those about updates, " +
            "before rendering (`Ready=False`, reason `Invalid`). Generated from `tests/MultusConfig.Deploy.Tests/Docs/AnnotationReference.cs`, with keys and values from `MultusConfig.Core.Api.Annotations`.")).Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"| {Page("annotation column", "annotation")} | {Page("on column", "on")} | {Page("effect column", "effect")} |\n|---|---|---|\n");
        foreach (var row in AnnotationReference.Rows)
        {
            var on = texts(new ReferenceText(ReferenceText.AnnotationTargets, row.On, row.On));
            text.Append(CultureInfo.InvariantCulture, $"| `{row.Key}` | {on} | {Cell(texts(new ReferenceText(ReferenceText.Annotations, row.Key, row.Effect)))} |\n");
        }
        return text.ToString();
    }

    private sealed record Columns(string Field, string Type, string Default, string Constraints, string Description);

    private static void Walk(StringBuilder text, string path, JsonNode schema, Texts texts, string required, string oneOf)
    {
        foreach (var (name, child) in schema["properties"]?.AsObject() ?? [])
        {
            var childPath = $"{path}.{name}";
            var description = Str(child!["description"]) is { } d ? texts(ReferenceText.Field(childPath, d)) : null;
            text.Append(CultureInfo.InvariantCulture,
                $"| `{childPath}`{(Required(schema, name) ? required : "")} | {Type(child!)} | {Default(child!)} | {Constraints(child!, oneOf)} | {Cell(Angles(description))} |\n");
            Walk(text, childPath, child!, texts, required, oneOf);
            WalkItems(text, childPath, child!, texts, required, oneOf);
        }
    }

    /// <summary>The fields of a list's objects, also of a list of lists (host-local's ranges: ranges[][].subnet).</summary>
    private static void WalkItems(StringBuilder text, string path, JsonNode schema, Texts texts, string required, string oneOf)
    {
        if (schema["items"] is not JsonObject items) return;
        if (items["properties"] is not null) Walk(text, path + "[]", items, texts, required, oneOf);
        WalkItems(text, path + "[]", items, texts, required, oneOf);
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

    /// <summary>The schema's own keywords (minimum, pattern…) stay in both languages; only "one of" is words.</summary>
    private static string Constraints(JsonNode s, string oneOf)
    {
        var parts = new List<string>();
        if (s["enum"] is JsonArray e) parts.Add(oneOf + " " + string.Join(", ", e.Select(v => $"`{Str(v) ?? v?.ToJsonString()}`")));
        foreach (var key in new[] { "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern", "format" })
            if (s[key] is { } v) parts.Add($"{key} `{Str(v) ?? v.ToJsonString()}`");
        return Cell(string.Join("; ", parts));
    }

    /// <summary>Descriptions are plain text for kubectl explain; in Markdown, "&lt;bridge&gt;" would be an HTML tag.</summary>
    private static string? Angles(string? text) =>
        text?.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Cell(string? text) => (text ?? "").Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Trim();
}
