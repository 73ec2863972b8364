using System.Text.Json.Nodes;

namespace MultusConfig.Core.Schema;

/// <summary>
/// The subset of an OpenAPI v3 structural schema that CRDs use and the API server enforces:
/// types, properties, items, required, enum, minimum/maximum, defaults and preserve-unknown-fields.
/// </summary>
public sealed class StructuralSchema
{
    public string? Type { get; private init; }
    public string? Format { get; private init; }
    public IReadOnlyDictionary<string, StructuralSchema>? Properties { get; private init; }
    public StructuralSchema? Items { get; private init; }
    public StructuralSchema? AdditionalProperties { get; private init; }
    public IReadOnlyList<string> Required { get; private init; } = [];
    public IReadOnlyList<JsonNode?>? Enum { get; private init; }
    public double? Minimum { get; private init; }
    public double? Maximum { get; private init; }
    public JsonNode? Default { get; private init; }
    public bool PreserveUnknownFields { get; private init; }
    public bool Nullable { get; private init; }

    /// <summary>Builds the schema from its JSON form (an <c>openAPIV3Schema</c> object).</summary>
    public static StructuralSchema FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Dictionary<string, StructuralSchema>? properties = null;
        if (json["properties"] is JsonObject props)
        {
            properties = new Dictionary<string, StructuralSchema>(StringComparer.Ordinal);
            foreach (var (name, value) in props)
            {
                if (value is JsonObject child) properties[name] = FromJson(child);
            }
        }

        return new StructuralSchema
        {
            Type = (string?)json["type"],
            Format = (string?)json["format"],
            Properties = properties,
            Items = json["items"] is JsonObject items ? FromJson(items) : null,
            AdditionalProperties = json["additionalProperties"] is JsonObject ap ? FromJson(ap) : null,
            Required = json["required"] is JsonArray req ? [.. req.Select(r => (string?)r).OfType<string>()] : [],
            Enum = json["enum"] is JsonArray e ? [.. e.Select(v => v?.DeepClone())] : null,
            Minimum = (double?)json["minimum"],
            Maximum = (double?)json["maximum"],
            Default = json["default"]?.DeepClone(),
            PreserveUnknownFields = (bool?)json["x-kubernetes-preserve-unknown-fields"] ?? false,
            Nullable = (bool?)json["nullable"] ?? false,
        };
    }
}
