using System.Text.Json.Serialization;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// Source-generated serializers for the admission wire types, and for the SMC spec so the defaulted spec
/// is written with the same shape as Core reads it (absent stays absent).
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdmissionReview))]
[JsonSerializable(typeof(SpiderMultusConfigSpec))]
[JsonSerializable(typeof(string))]
internal sealed partial class AdmissionJsonContext : JsonSerializerContext;
