using System.Text.Json;
using System.Text.Json.Nodes;
using MultusConfig.Core.Json;
using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Schema;

/// <summary>
/// Applies a structural schema to a JSON document in place, as the API server does on create and
/// update of a custom resource: nulls and unknown fields are pruned, defaults filled in where the
/// parent exists, and type, enum, range and required violations reported with their field paths.
/// Values of the wrong type are removed after being reported, so the remaining document always
/// binds to the typed model.
/// </summary>
public static class SchemaValidator
{
    private const int MaxDepth = 64;

    public static void Apply(JsonObject obj, StructuralSchema schema, string path, SchemaOptions options, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        WalkObject(obj, schema, path, options, errors, 0);
    }

    /// <summary>Checks one value; returns false when the value has the wrong type and must be removed.</summary>
    private static bool Walk(JsonNode node, StructuralSchema schema, string path, SchemaOptions options, List<FieldError> errors, int depth)
    {
        if (depth > MaxDepth)
        {
            errors.Add(new FieldError(path, FieldErrorKind.Invalid, $"nesting deeper than {MaxDepth} levels"));
            return false;
        }

        switch (schema.Type)
        {
            case "object":
                if (node is not JsonObject o) return TypeError(node, "object", path, errors);
                WalkObject(o, schema, path, options, errors, depth);
                return true;
            case "array":
                if (node is not JsonArray a) return TypeError(node, "array", path, errors);
                WalkArray(a, schema, path, options, errors, depth);
                return true;
            case "string":
                if (node is not JsonValue s || s.GetValueKind() != JsonValueKind.String) return TypeError(node, "string", path, errors);
                break;
            case "boolean":
                if (node is not JsonValue b || b.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) return TypeError(node, "boolean", path, errors);
                break;
            case "integer":
                if (!IsInteger(node, schema.Format)) return TypeError(node, schema.Format == "int32" ? "integer (32-bit)" : "integer", path, errors);
                CheckRange(node, schema, path, errors);
                break;
            case "number":
                if (node is not JsonValue n || n.GetValueKind() != JsonValueKind.Number || !JsonNumbers.TryGetDouble(n, out _))
                    return TypeError(node, "number", path, errors);
                CheckRange(node, schema, path, errors);
                break;
            default:
                // No type: anything goes (x-kubernetes-int-or-string and friends are not used by our CRDs).
                return true;
        }

        if (!IsAllowed(node, schema)) EnumError(node, schema, path, errors);
        return true;
    }

    /// <summary>True when the schema has no enum or the value is one of it.</summary>
    internal static bool IsAllowed(JsonNode node, StructuralSchema schema)
    {
        if (schema.Enum is not { Count: > 0 } allowed) return true;
        // A string is compared with the string options as text: DeepEquals would decode or re-encode both values.
        var isString = node is JsonValue v && (v.TryGetValue(out JsonElement e) ? e.ValueKind == JsonValueKind.String : v.TryGetValue(out string? _));
        for (var i = 0; i < allowed.Count; i++)
        {
            if (isString && schema.EnumStrings![i] is { } option ? JsonStrings.IsString((JsonValue)node, option) : JsonNode.DeepEquals(allowed[i], node)) return true;
        }
        return false;
    }

    internal static void EnumError(JsonNode node, StructuralSchema schema, string path, List<FieldError> errors) =>
        errors.Add(new FieldError(path, FieldErrorKind.NotSupported,
            "supported values: " + string.Join(", ", schema.Enum!.Select(e => ValueText.Of(e))), ValueText.Of(node)));

    private static void WalkObject(JsonObject obj, StructuralSchema schema, string path, SchemaOptions options, List<FieldError> errors, int depth)
    {
        var remove = new List<string>();
        foreach (var (name, value) in obj)
        {
            var childPath = Join(path, name);
            if (value is null)
            {
                if (!(ChildSchema(schema, name)?.Nullable ?? false)) remove.Add(name);
                continue;
            }
            var child = ChildSchema(schema, name);
            if (child is null)
            {
                if (schema.PreserveUnknownFields) continue;
                remove.Add(name);
                if (options.RejectUnknownFields) errors.Add(new FieldError(childPath, FieldErrorKind.UnknownField, "field not declared in schema"));
                continue;
            }
            if (!Walk(value, child, childPath, options, errors, depth + 1)) remove.Add(name);
        }
        foreach (var name in remove) obj.Remove(name);

        if (options.ApplyDefaults && schema.Properties is not null)
        {
            foreach (var (name, child) in schema.Properties)
            {
                if (child.Default is not null && !obj.ContainsKey(name))
                {
                    var value = child.Default.DeepClone();
                    obj[name] = value;
                    // A defaulted object gets its own nested defaults, as the API server's defaulting walk does.
                    if (value is JsonObject defaulted) WalkObject(defaulted, child, Join(path, name), options, errors, depth + 1);
                }
            }
        }

        foreach (var required in schema.Required)
        {
            if (!obj.ContainsKey(required)) errors.Add(new FieldError(Join(path, required), FieldErrorKind.Required, ""));
        }
    }

    private static void WalkArray(JsonArray array, StructuralSchema schema, string path, SchemaOptions options, List<FieldError> errors, int depth)
    {
        if (schema.Items is null) return;
        var remove = new List<int>();
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            var itemPath = $"{path}[{i}]";
            if (item is null)
            {
                // Unlike object fields, a null list item is not pruned: it is a value of the wrong type.
                errors.Add(new FieldError(itemPath, FieldErrorKind.TypeInvalid, $"must be of type {schema.Items.Type}", "null"));
                remove.Add(i);
                continue;
            }
            if (!Walk(item, schema.Items, itemPath, options, errors, depth + 1)) remove.Add(i);
        }
        for (var i = remove.Count - 1; i >= 0; i--) array.RemoveAt(remove[i]);
    }

    private static StructuralSchema? ChildSchema(StructuralSchema schema, string name) =>
        schema.Properties is not null && schema.Properties.TryGetValue(name, out var child) ? child : schema.AdditionalProperties;

    internal static bool IsInteger(JsonNode node, string? format)
    {
        // 1.0 is an integer to the API server (a JSON number without a fraction), 1e400 is not.
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !JsonNumbers.TryGetInt64(v, out var l)) return false;
        return format != "int32" || l is >= int.MinValue and <= int.MaxValue;
    }

    /// <summary>True when a number is within the schema's minimum and maximum (or is not a readable number).</summary>
    internal static bool InRange(JsonNode node, StructuralSchema schema) =>
        !JsonNumbers.TryGetDouble(node.AsValue(), out var value)
        || (!(schema.Minimum is { } min && value < min) && !(schema.Maximum is { } max && value > max));

    internal static void CheckRange(JsonNode node, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (!JsonNumbers.TryGetDouble(node.AsValue(), out var value)) return;
        if (schema.Minimum is { } min && value < min)
            errors.Add(new FieldError(path, FieldErrorKind.Invalid, $"should be greater than or equal to {min}", ValueText.Of(node)));
        if (schema.Maximum is { } max && value > max)
            errors.Add(new FieldError(path, FieldErrorKind.Invalid, $"should be less than or equal to {max}", ValueText.Of(node)));
    }

    private static bool TypeError(JsonNode node, string expected, string path, List<FieldError> errors)
    {
        errors.Add(new FieldError(path, FieldErrorKind.TypeInvalid, $"must be of type {expected}", ValueText.Of(node)));
        return false;
    }

    internal static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
