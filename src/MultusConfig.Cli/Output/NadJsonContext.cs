using System.Text.Json.Serialization;
using MultusConfig.Core.Api;

namespace MultusConfig.Cli.Output;

/// <summary>
/// Source-generated serializer for the NADs the CLI prints. KubernetesClient's <c>KubernetesJson</c> serializes
/// by reflection, which the native (NativeAOT) <c>smc</c> does not have; the model's own
/// <c>[JsonPropertyName]</c> attributes and the client's null handling (WhenWritingNull) give the same JSON.
/// The client's date-time converters are not needed: a rendered NAD carries no timestamps.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NetworkAttachmentDefinition))]
internal sealed partial class NadJsonContext : JsonSerializerContext;
