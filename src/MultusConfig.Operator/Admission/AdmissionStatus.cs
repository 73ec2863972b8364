using System.Text.Json.Serialization;

namespace MultusConfig.Operator.Admission;

/// <summary>A metav1.Status as carried in a denied AdmissionResponse; kubectl prints its message.</summary>
public sealed record AdmissionStatus
{
    [JsonPropertyName("status")] public string? Status { get; init; } = "Failure";
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("details")] public StatusDetails? Details { get; init; }
    [JsonPropertyName("code")] public int Code { get; init; }
}

public sealed record StatusDetails
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("group")] public string? Group { get; init; }
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    [JsonPropertyName("causes")] public IReadOnlyList<StatusCause>? Causes { get; init; }
}

public sealed record StatusCause
{
    /// <summary>FieldValueInvalid, FieldValueRequired, ... as metav1.CauseType names them.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("field")] public string? Field { get; init; }
}
