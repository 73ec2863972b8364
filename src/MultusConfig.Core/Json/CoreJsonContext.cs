using System.Text.Json.Serialization;
using MultusConfig.Core.Api;

namespace MultusConfig.Core.Json;

/// <summary>Source-generated (de)serializers for the spec types: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SpiderMultusConfigSpec))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
