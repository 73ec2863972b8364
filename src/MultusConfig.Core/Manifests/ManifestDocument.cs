using System.Text.Json.Nodes;

namespace MultusConfig.Core.Manifests;

/// <summary>
/// One Kubernetes object read from a manifest. <see cref="Document"/> is its 1-based position in the
/// YAML stream (or JSON value sequence); <see cref="Item"/> is its 1-based index in the <c>items</c> of a
/// List document, when it came from one. <see cref="Line"/> and <see cref="Column"/> locate the object.
/// </summary>
public sealed record ManifestDocument(JsonObject Manifest, int Document, int? Item, int Line, int Column)
{
    /// <summary><c>kind</c> of the object; the reader only returns objects that have one.</summary>
    public string Kind => Manifest["kind"] is JsonValue v && v.TryGetValue(out string? kind) ? kind : "";

    public string ApiVersion => Manifest["apiVersion"] is JsonValue v && v.TryGetValue(out string? apiVersion) ? apiVersion : "";

    /// <summary><c>metadata.name</c>, or empty when absent or not a string.</summary>
    public string Name => Manifest["metadata"] is JsonObject m && m["name"] is JsonValue v && v.TryGetValue(out string? name) ? name : "";

    /// <summary>"document 2" or "document 1, item 3", for messages.</summary>
    public string Describe() => Item is { } item ? $"document {Document}, item {item}" : $"document {Document}";
}
