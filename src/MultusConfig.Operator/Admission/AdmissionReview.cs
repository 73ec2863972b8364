using System.Text.Json.Serialization;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// admission.k8s.io/v1 AdmissionReview. KubernetesClient has no model for it (it is not in the served
/// OpenAPI), so these DTOs follow the wire format of the Kubernetes admission reference.
/// Every field is nullable: a malformed review must still deserialize far enough to be answered.
/// </summary>
public sealed record AdmissionReview
{
    public const string V1ApiVersion = "admission.k8s.io/v1";
    public const string ReviewKind = "AdmissionReview";

    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; init; }
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    [JsonPropertyName("request")] public AdmissionRequest? Request { get; init; }
    [JsonPropertyName("response")] public AdmissionResponse? Response { get; init; }

    /// <summary>The review an API server expects back: same apiVersion and kind, the response filled in.</summary>
    public static AdmissionReview Answer(AdmissionResponse response) =>
        new() { ApiVersion = V1ApiVersion, Kind = ReviewKind, Response = response };
}
