using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>One committed change, kept in the history window so watches can resume from a resourceVersion.</summary>
internal sealed record StoredEvent(long ResourceVersion, string Type, ResourceType Resource, string Namespace, JsonObject Object, JsonObject? OldObject)
{
    /// <summary>
    /// The object serialised once, under the store lock: watch streams write it from their own threads,
    /// and a JsonNode must not be read concurrently.
    /// </summary>
    public string Json { get; } = Object.ToJsonString();
}
