using System.Globalization;
using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>Accessors for metadata fields of objects held as JSON.</summary>
internal static class ObjectMeta
{
    public static JsonObject Meta(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m)
        {
            return m;
        }
        m = [];
        obj["metadata"] = m;
        return m;
    }

    public static string Name(JsonObject obj) => Str(obj["metadata"]?["name"]) ?? "";

    public static string Namespace(JsonObject obj) => Str(obj["metadata"]?["namespace"]) ?? "";

    public static string ResourceVersion(JsonObject obj) => Str(obj["metadata"]?["resourceVersion"]) ?? "";

    public static string Uid(JsonObject obj) => Str(obj["metadata"]?["uid"]) ?? "";

    public static string? DeletionTimestamp(JsonObject obj) => Str(obj["metadata"]?["deletionTimestamp"]);

    public static List<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray a ? a.Select(Str).Where(s => s is not null).Select(s => s!).ToList() : [];

    /// <summary>metadata.finalizers, plus a Namespace's spec.finalizers, which hold it the same way.</summary>
    public static bool HasFinalizers(JsonObject obj) =>
        Finalizers(obj).Count > 0
        || (Str(obj["kind"]) == "Namespace" && obj["spec"]?["finalizers"] is JsonArray { Count: > 0 });

    public static void SetFinalizers(JsonObject obj, IReadOnlyCollection<string> finalizers)
    {
        if (finalizers.Count == 0)
        {
            Meta(obj).Remove("finalizers");
        }
        else
        {
            Meta(obj)["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }
    }

    public static Dictionary<string, string> Labels(JsonObject obj) => StringMap(obj["metadata"]?["labels"]);

    public static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                if (Str(v) is { } s)
                {
                    map[k] = s;
                }
            }
        }
        return map;
    }

    public static List<JsonObject> OwnerReferences(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray a ? a.OfType<JsonObject>().ToList() : [];

    /// <summary>An integer whatever CLR type backs the JsonValue (parsed, int, long, double).</summary>
    public static int? Int(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? (int)double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)
            : null;

    public static string? Str(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // Read through the JSON text: a JsonValue built from an int does not convert to long via TryGetValue.
    public static long Generation(JsonObject obj) =>
        obj["metadata"]?["generation"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? long.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)
            : 0;

    /// <summary>Timestamps the way the API server writes them: RFC 3339, whole seconds, UTC.</summary>
    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
