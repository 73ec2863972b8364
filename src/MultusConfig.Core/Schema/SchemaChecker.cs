using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Schema;

/// <summary>
/// The read-only twin of <see cref="SchemaValidator"/>: it checks a document that is expected to need no
/// change, without copying it. It reports exactly the errors <see cref="SchemaValidator.Apply"/> would
/// report for such a document, and gives up (returns false) as soon as the document would be changed
/// beyond scalar defaults (a null or unknown field pruned, a value of the wrong type dropped, an object
/// default filled in): the caller then runs the copying pass instead. Field paths are built only when an
/// error is reported, from one reused buffer.
/// </summary>
internal static class SchemaChecker
{
    private const int MaxDepth = 64;

    [ThreadStatic] private static StringBuilder? t_path;

    /// <summary>False when the document would be changed; the errors added so far must then be discarded.</summary>
    public static bool TryCheck(JsonObject obj, StructuralSchema schema, string path, SchemaOptions options, List<FieldError> errors)
    {
        var sb = t_path ??= new StringBuilder(64);
        sb.Clear().Append(path);
        return CheckObject(obj, schema, sb, options, errors);
    }

    private static bool Check(JsonNode node, StructuralSchema schema, StringBuilder path, SchemaOptions options, List<FieldError> errors, int depth)
    {
        if (depth > MaxDepth) return false;
        switch (schema.Type)
        {
            case "object":
                return node is JsonObject o && CheckObject(o, schema, path, options, errors, depth);
            case "array":
                return node is JsonArray a && CheckArray(a, schema, path, options, errors, depth);
            case "string":
                if (node is not JsonValue s || s.GetValueKind() != JsonValueKind.String) return false;
                break;
            case "boolean":
                if (node is not JsonValue b || b.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) return false;
                break;
            case "integer":
                if (!SchemaValidator.IsInteger(node, schema.Format)) return false;
                if (!SchemaValidator.InRange(node, schema)) SchemaValidator.CheckRange(node, schema, path.ToString(), errors);
                break;
            case "number":
                if (node is not JsonValue n || n.GetValueKind() != JsonValueKind.Number || !Json.JsonNumbers.TryGetDouble(n, out _)) return false;
                if (!SchemaValidator.InRange(node, schema)) SchemaValidator.CheckRange(node, schema, path.ToString(), errors);
                break;
            default:
                return true;
        }
        if (!SchemaValidator.IsAllowed(node, schema)) SchemaValidator.EnumError(node, schema, path.ToString(), errors);
        return true;
    }

    private static bool CheckObject(JsonObject obj, StructuralSchema schema, StringBuilder path, SchemaOptions options, List<FieldError> errors, int depth = 0)
    {
        var mark = path.Length;
        for (var i = 0; i < obj.Count; i++)
        {
            var (name, value) = obj.GetAt(i);
            var child = schema.Properties is not null && schema.Properties.TryGetValue(name, out var declared) ? declared : schema.AdditionalProperties;
            if (value is null)
            {
                if (child?.Nullable ?? false) continue;
                return false;
            }
            if (child is null)
            {
                if (schema.PreserveUnknownFields) continue;
                return false;
            }
            if (path.Length > 0) path.Append('.');
            path.Append(name);
            var kept = Check(value, child, path, options, errors, depth + 1);
            path.Length = mark;
            if (!kept) return false;
        }

        if (options.ApplyDefaults)
        {
            foreach (var (name, value) in schema.Defaults)
            {
                // A defaulted object would get its own defaults walk: left to the copying pass.
                if (value is JsonObject && !obj.ContainsKey(name)) return false;
            }
        }

        for (var i = 0; i < schema.Required.Count; i++)
        {
            var required = schema.Required[i];
            if (obj.ContainsKey(required) || (options.ApplyDefaults && HasDefault(schema, required))) continue;
            errors.Add(new FieldError(SchemaValidator.Join(path.ToString(), required), FieldErrorKind.Required, ""));
        }
        return true;
    }

    private static bool CheckArray(JsonArray array, StructuralSchema schema, StringBuilder path, SchemaOptions options, List<FieldError> errors, int depth)
    {
        if (schema.Items is null) return true;
        var mark = path.Length;
        for (var i = 0; i < array.Count; i++)
        {
            // A null item is reported and removed by the copying pass.
            if (array[i] is not { } item) return false;
            path.Append('[').Append(i).Append(']');
            var kept = Check(item, schema.Items, path, options, errors, depth + 1);
            path.Length = mark;
            if (!kept) return false;
        }
        return true;
    }

    private static bool HasDefault(StructuralSchema schema, string name)
    {
        foreach (var (n, _) in schema.Defaults)
            if (n == name) return true;
        return false;
    }
}
