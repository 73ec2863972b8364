using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>
/// A field selector. Like the real server, only the fields a resource declares are accepted:
/// metadata.name and metadata.namespace everywhere, plus a few per kind; others are a 400.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Path, bool Equal, string Value)> _terms = [];

    public static FieldSelector Everything { get; } = new();

    public bool Matches(JsonObject obj) => _terms.TrueForAll(t =>
    {
        var actual = Lookup(obj, t.Path) ?? "";
        return (actual == t.Value) == t.Equal;
    });

    /// <summary>The name an exact metadata.name term selects, so a watch on one object stays cheap.</summary>
    public string? ExactName => _terms.FirstOrDefault(t => t.Path == "metadata.name" && t.Equal).Value;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }
            string path, value;
            bool equal;
            if (term.Contains("!=", StringComparison.Ordinal))
            {
                var p = term.Split("!=", 2);
                (path, value, equal) = (p[0], p[1], false);
            }
            else if (term.Contains("==", StringComparison.Ordinal))
            {
                var p = term.Split("==", 2);
                (path, value, equal) = (p[0], p[1], true);
            }
            else if (term.Contains('=', StringComparison.Ordinal))
            {
                var p = term.Split('=', 2);
                (path, value, equal) = (p[0], p[1], true);
            }
            else
            {
                throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }
            path = path.Trim();
            if (!Supported(type, path))
            {
                throw ApiException.BadRequest($"field label not supported: {path}");
            }
            selector._terms.Add((path, equal, value.Trim()));
        }
        return selector;
    }

    private static bool Supported(ResourceType type, string path) =>
        path is "metadata.name" or "metadata.namespace"
        || (type.Kind == "Event" && type.Group.Length == 0 && (path.StartsWith("involvedObject.", StringComparison.Ordinal) || path is "reason" or "type" or "source" or "reportingComponent"))
        || (type.Kind == "Event" && type.Group.Length > 0 && (path.StartsWith("regarding.", StringComparison.Ordinal) || path is "reason" or "type" or "reportingController"))
        || (type.Kind == "Secret" && path == "type")
        || (type.Kind == "Namespace" && path == "status.phase");

    private static string? Lookup(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }
        if (path == "source")
        {
            node = obj["source"]?["component"];
        }
        return node switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
