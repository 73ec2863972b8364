using System.Text.Json.Serialization;
using k8s.Models;

namespace MultusConfig.Core.Api;

/// <summary>What the operator reports back (the reference has no status at all, D26).</summary>
public sealed class SpiderMultusConfigStatus
{
    [JsonPropertyName("observedGeneration")] public long? ObservedGeneration { get; set; }
    [JsonPropertyName("networkAttachmentDefinition")] public string? NetworkAttachmentDefinition { get; set; }
    [JsonPropertyName("conditions")] public IList<V1Condition>? Conditions { get; set; }
}
