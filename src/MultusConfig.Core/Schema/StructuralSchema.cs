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

    /// <summary>The properties that have a default, in declaration order: the read-only schema pass and the binder look them up per object.</summary>
    internal (string Name, JsonNode Default)[] Defaults { get; private init; } = [];

    /// <summary>For each <see cref="Enum"/> entry its string, or null when it is not a string: compared without DeepEquals on the hot path.</summary>
    internal string?[]? EnumStrings { get; private init; }

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

        var enumValues = json["enum"] is JsonArray e ? e.Select(v => v?.DeepClone()).ToArray() : null;
        return new StructuralSchema
        {
            Type = (string?)json["type"],
            Format = (string?)json["format"],
            Properties = properties,
            Items = json["items"] is JsonObject items ? FromJson(items) : null,
            AdditionalProperties = json["additionalProperties"] is JsonObject ap ? FromJson(ap) : null,
            Required = json["required"] is JsonArray req ? [.. req.Select(r => (string?)r).OfType<string>()] : [],
            Enum = enumValues,
            EnumStrings = enumValues?.Select(v => v is JsonValue sv && sv.TryGetValue(out string? text) ? text : null).ToArray(),
            Defaults = properties is null ? [] : [.. properties.Where(p => p.Value.Default is not null).Select(p => (p.Key, AsPrimitive(p.Value.Default!)))],
            Minimum = (double?)json["minimum"],
            Maximum = (double?)json["maximum"],
            Default = json["default"]?.DeepClone(),
            PreserveUnknownFields = (bool?)json["x-kubernetes-preserve-unknown-fields"] ?? false,
            Nullable = (bool?)json["nullable"] ?? false,
        };
    }

    /// <summary>
    /// A scalar default as a CLR-backed value, so that reading it does not decode JSON text on every use
    /// (a parsed string value allocates its string on each read); other defaults are kept as they are.
    /// </summary>
    private static JsonNode AsPrimitive(JsonNode value) => value switch
    {
        JsonValue v when v.TryGetValue(out string? s) => JsonValue.Create(s),
        JsonValue v when v.TryGetValue(out bool b) => JsonValue.Create(b),
        _ => value.DeepClone(),
    };
}
