using System.Globalization;
using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>
/// Server-side printing (<c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>), which is what
/// <c>kubectl get</c> asks for: the CRD's additionalPrinterColumns (or Age), a few columns for built-ins.
/// </summary>
internal static partial class TableConverter
{
    private const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    public static bool Wanted(string? accept) => accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject ToTable(ResourceType type, string version, IEnumerable<JsonObject> objects, string resourceVersion, string? continueToken, string? includeObject, bool withColumns = true)
    {
        var columns = Columns(type, version);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray { ObjectMeta.Name(obj) };
            foreach (var c in columns)
            {
                cells.Add(Cell(obj, c));
            }
            var row = new JsonObject { ["cells"] = cells };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]?.DeepClone(),
                    };
                    break;
            }
            rows.Add(row);
        }
        var meta = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (!string.IsNullOrEmpty(continueToken))
        {
            meta["continue"] = continueToken;
        }
        var table = new JsonObject { ["kind"] = "Table", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = meta };
        if (withColumns)
        {
            var defs = new JsonArray { Definition("Name", "string", "name", NameDescription, 0) };
            foreach (var c in columns)
            {
                defs.Add(Definition(c.Name, c.Type, c.Format, c.Description, c.Priority));
            }
            table["columnDefinitions"] = defs;
        }
        table["rows"] = rows;
        return table;
    }

    private sealed record Column(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, JsonNode?> Value);

    private static List<Column> Columns(ResourceType type, string version)
    {
        var age = new Column("Age", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, o => Age(o["metadata"]?["creationTimestamp"]));
        if (type.IsCustom)
        {
            if (!type.PrinterColumns.TryGetValue(version, out var defs) || defs.Count == 0)
            {
                return [age];
            }
            return defs.OfType<JsonObject>().Select(d =>
            {
                var path = ObjectMeta.Str(d["jsonPath"]) ?? "";
                var colType = ObjectMeta.Str(d["type"]) ?? "string";
                return new Column(ObjectMeta.Str(d["name"]) ?? "", colType, ObjectMeta.Str(d["format"]) ?? "", ObjectMeta.Str(d["description"]) ?? "",
                    ObjectMeta.Int(d["priority"]) ?? 0,
                    o => colType == "date" ? Age(Lookup(o, path)) : Lookup(o, path)?.DeepClone());
            }).ToList();
        }
        return type.Kind switch
        {
            "ConfigMap" => [new("Data", "integer", "", "Data contains the configuration data.", 0, o => Count(o["data"]) + Count(o["binaryData"])), age],
            "Secret" => [new("Type", "string", "", "The type of the secret", 0, o => o["type"]?.DeepClone()), new("Data", "integer", "", "Number of keys", 0, o => Count(o["data"])), age],
            "Namespace" => [new("Status", "string", "", "The status of the namespace", 0, o => o["status"]?["phase"]?.DeepClone()), age],
            "Lease" => [new("Holder", "string", "", "The holder of the lease", 0, o => o["spec"]?["holderIdentity"]?.DeepClone() ?? ""), age],
            "MutatingWebhookConfiguration" or "ValidatingWebhookConfiguration" => [new("Webhooks", "integer", "", "Webhooks indicates the number of webhooks", 0, o => (o["webhooks"] as JsonArray)?.Count ?? 0), age],
            "CustomResourceDefinition" => [new("Created At", "date", "", "", 0, o => o["metadata"]?["creationTimestamp"]?.DeepClone())],
            _ => [age],
        };
    }

    private static JsonObject Definition(string name, string type, string format, string description, int priority) => new()
    {
        ["name"] = name, ["type"] = type, ["format"] = format, ["description"] = description, ["priority"] = priority,
    };

    private static JsonNode? Cell(JsonObject obj, Column c) => c.Value(obj);

    private static int Count(JsonNode? node) => node is JsonObject o ? o.Count : 0;

    /// <summary>
    /// The JSONPath subset printer columns use: <c>.spec.a.b</c>, <c>.items[0].x</c> and
    /// <c>.conditions[?(@.type=="Ready")].status</c>.
    /// </summary>
    internal static JsonNode? Lookup(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        var tokens = JsonPathTokens().Matches(path.Trim('{', '}'));
        foreach (System.Text.RegularExpressions.Match t in tokens)
        {
            if (t.Groups["field"].Success)
            {
                node = node is JsonObject o ? o[t.Groups["field"].Value] : null;
            }
            else if (t.Groups["index"].Success)
            {
                var i = int.Parse(t.Groups["index"].Value, CultureInfo.InvariantCulture);
                node = node is JsonArray a && i < a.Count ? a[i] : null;
            }
            else
            {
                var key = t.Groups["key"].Value;
                var value = t.Groups["value"].Value;
                node = node is JsonArray a ? a.FirstOrDefault(n => ObjectMeta.Str(n?[key]) == value) : null;
            }
        }
        return node;
    }

    [System.Text.RegularExpressions.GeneratedRegex("""\.(?<field>[A-Za-z0-9_\-]+)|\[(?<index>[0-9]+)\]|\[\?\(@\.(?<key>[A-Za-z0-9_\-]+)\s*==\s*["'](?<value>[^"']*)["']\)\]""")]
    private static partial System.Text.RegularExpressions.Regex JsonPathTokens();

    /// <summary>apimachinery's duration.HumanDuration, as the server renders date columns.</summary>
    private static JsonNode? Age(JsonNode? timestamp)
    {
        if (ObjectMeta.Str(timestamp) is not { } s || !DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
        {
            return "<unknown>";
        }
        var d = DateTime.UtcNow - t;
        var seconds = (long)Math.Max(0, d.TotalSeconds);
        return seconds switch
        {
            < 120 => $"{seconds}s",
            < 600 => $"{seconds / 60}m{(seconds % 60 == 0 ? "" : $"{seconds % 60}s")}",
            < 3 * 3600 => $"{seconds / 60}m",
            < 8 * 3600 => $"{seconds / 3600}h{(seconds / 60 % 60 == 0 ? "" : $"{seconds / 60 % 60}m")}",
            < 48 * 3600 => $"{seconds / 3600}h",
            < 8L * 24 * 3600 => $"{seconds / 86400}d{(seconds / 3600 % 24 == 0 ? "" : $"{seconds / 3600 % 24}h")}",
            _ => $"{seconds / 86400}d",
        };
    }
}
