using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MultusConfig.Operator.Admission;

/// <summary>The request half of an AdmissionReview v1; objects stay raw JSON so Core can read them as a manifest.</summary>
public sealed record AdmissionRequest
{
    [JsonPropertyName("uid")] public string? Uid { get; init; }
    [JsonPropertyName("kind")] public GroupVersionKind? Kind { get; init; }
    [JsonPropertyName("resource")] public GroupVersionResource? Resource { get; init; }
    [JsonPropertyName("subResource")] public string? SubResource { get; init; }
    [JsonPropertyName("requestKind")] public GroupVersionKind? RequestKind { get; init; }
    [JsonPropertyName("requestResource")] public GroupVersionResource? RequestResource { get; init; }
    [JsonPropertyName("requestSubResource")] public string? RequestSubResource { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("namespace")] public string? Namespace { get; init; }
    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    [JsonPropertyName("operation")] public string? Operation { get; init; }
    [JsonPropertyName("userInfo")] public JsonObject? UserInfo { get; init; }
    [JsonPropertyName("object")] public JsonObject? NewObject { get; init; }
    [JsonPropertyName("oldObject")] public JsonObject? OldObject { get; init; }
    [JsonPropertyName("dryRun")] public bool? DryRun { get; init; }
    [JsonPropertyName("options")] public JsonObject? Options { get; init; }
}

public sealed record GroupVersionKind
{
    [JsonPropertyName("group")] public string? Group { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("kind")] public string? Kind { get; init; }
}

public sealed record GroupVersionResource
{
    [JsonPropertyName("group")] public string? Group { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("resource")] public string? Resource { get; init; }
}
