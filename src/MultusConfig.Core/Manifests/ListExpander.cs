using System.Text.Json.Nodes;

namespace MultusConfig.Core.Manifests;

/// <summary>
/// Turns top-level values into Kubernetes objects: empty documents are dropped, <c>List</c> kinds are
/// replaced by their items, and anything that is not an object with <c>apiVersion</c> and <c>kind</c> is
/// an error, as kubectl reports it ("Object 'Kind' is missing").
/// </summary>
internal static class ListExpander
{
    public static ManifestReadResult Expand(IReadOnlyList<RawDocument> raw, IReadOnlyList<ManifestError> readErrors)
    {
        var documents = new List<ManifestDocument>();
        var errors = new List<ManifestError>();
        foreach (var doc in raw)
        {
            if (doc.Root is null)
            {
                continue;
            }
            if (doc.Root is not JsonObject obj)
            {
                errors.Add(new ManifestError(doc.Line, doc.Column,
                    $"document {doc.Index} is {Describe(doc.Root)}, not a Kubernetes object (a mapping with apiVersion and kind)"));
                continue;
            }
            AddObject(obj, doc, item: null, doc.Line, doc.Column, documents, errors);
        }
        errors.AddRange(readErrors);
        errors.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        return new ManifestReadResult(documents, errors);
    }

    private static void AddObject(JsonObject obj, RawDocument doc, int? item, int line, int column, List<ManifestDocument> documents, List<ManifestError> errors)
    {
        var where = item is { } i ? $"document {doc.Index}, item {i}" : $"document {doc.Index}";
        var kind = Text(obj["kind"]);
        var apiVersion = Text(obj["apiVersion"]);
        if (string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(apiVersion))
        {
            var missing = string.IsNullOrEmpty(kind) ? "kind" : "apiVersion";
            errors.Add(new ManifestError(line, column, $"{where}: Object '{missing}' is missing or not a string"));
            return;
        }
        if (!IsList(kind, obj))
        {
            documents.Add(new ManifestDocument(AsParsedJson(obj), doc.Index, item, line, column));
            return;
        }
        switch (obj["items"])
        {
            case null:
                return;
            case JsonArray items:
                var members = items.ToList();
                // Detach the items so each can be handed on (or added to another tree) on its own.
                items.Clear();
                for (var n = 0; n < members.Count; n++)
                {
                    var (itemLine, itemColumn) = members[n] is { } m && doc.Positions.TryGetValue(m, out var p) ? p : (line, column);
                    if (members[n] is JsonObject member)
                    {
                        AddObject(member, doc, n + 1, itemLine, itemColumn, documents, errors);
                    }
                    else if (members[n] is not null)
                    {
                        errors.Add(new ManifestError(itemLine, itemColumn,
                            $"document {doc.Index}, item {n + 1} is {Describe(members[n])}, not a Kubernetes object"));
                    }
                }
                return;
            default:
                errors.Add(new ManifestError(line, column, $"{where}: {kind} has 'items' that is not a list"));
                return;
        }
    }

    /// <summary>
    /// The object as JsonNode.Parse would have produced it from the manifest's JSON form. Values built with
    /// JsonValue.Create(long) refuse GetValue&lt;double&gt;(), while parsed ones convert to any numeric type;
    /// consumers written against parsed JSON must see the same thing whether the manifest was YAML or JSON.
    /// </summary>
    private static JsonObject AsParsedJson(JsonObject obj) => JsonNode.Parse(obj.ToJsonString())!.AsObject();

    /// <summary><c>List</c>, and typed lists such as <c>SpiderMultusConfigList</c> that carry <c>items</c>.</summary>
    private static bool IsList(string kind, JsonObject obj) =>
        kind == "List" || (kind.EndsWith("List", StringComparison.Ordinal) && obj.ContainsKey("items"));

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static string Describe(JsonNode? node) => node switch
    {
        JsonArray => "a sequence",
        JsonValue v when v.TryGetValue(out string? _) => "a string",
        JsonValue v when v.TryGetValue(out bool _) => "a boolean",
        JsonValue => "a number",
        _ => "empty",
    };
}
