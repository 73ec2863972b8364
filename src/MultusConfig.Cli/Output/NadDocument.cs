using System.Text.Json.Nodes;
using System.Text.Json;
using MultusConfig.Core.Api;

namespace MultusConfig.Cli.Output;

/// <summary>
/// A NAD as the JSON tree the writers print: the client library's model serialized by a source-generated
/// context (<see cref="NadJsonContext"/>), with keys in the order
/// people read manifests in (apiVersion, kind, metadata, spec; name and namespace first in metadata).
/// </summary>
public static class NadDocument
{
    private static readonly string[] TopOrder = ["apiVersion", "kind", "metadata", "spec"];
    private static readonly string[] MetadataOrder = ["name", "namespace", "annotations", "labels", "ownerReferences"];

    public static JsonObject ToJson(NetworkAttachmentDefinition nad)
    {
        ArgumentNullException.ThrowIfNull(nad);
        var json = JsonSerializer.SerializeToNode(nad, NadJsonContext.Default.NetworkAttachmentDefinition)!.AsObject();
        var ordered = Reorder(json, TopOrder);
        if (ordered["metadata"] is JsonObject metadata)
        {
            ordered["metadata"] = Reorder(metadata, MetadataOrder);
        }
        return ordered;
    }

    /// <summary>The listed keys first, in that order, then the rest as serialized.</summary>
    private static JsonObject Reorder(JsonObject source, string[] order)
    {
        var members = source.ToList();
        source.Clear();
        var result = new JsonObject();
        foreach (var key in order)
        {
            var member = members.FindIndex(m => m.Key == key);
            if (member >= 0)
            {
                result[key] = members[member].Value;
                members.RemoveAt(member);
            }
        }
        foreach (var (key, value) in members)
        {
            result[key] = value;
        }
        return result;
    }
}
