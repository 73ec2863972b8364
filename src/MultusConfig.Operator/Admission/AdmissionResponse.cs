using System.Text.Json.Serialization;

namespace MultusConfig.Operator.Admission;

/// <summary>The response half of an AdmissionReview v1. Null members are omitted on the wire.</summary>
public sealed record AdmissionResponse
{
    public const string JsonPatchType = "JSONPatch";

    [JsonPropertyName("uid")] public string Uid { get; init; } = "";
    [JsonPropertyName("allowed")] public bool Allowed { get; init; }
    [JsonPropertyName("status")] public AdmissionStatus? Status { get; init; }
    /// <summary>Base64 of an RFC 6902 JSON Patch array.</summary>
    [JsonPropertyName("patch")] public string? Patch { get; init; }
    [JsonPropertyName("patchType")] public string? PatchType { get; init; }
    [JsonPropertyName("warnings")] public IReadOnlyList<string>? Warnings { get; init; }
}
