using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>
/// What the apiextensions server does with a CRD's openAPIV3Schema, written independently of our
/// Core library so the two check each other: drop nulls of non-nullable fields, prune unknown fields,
/// apply defaults (nested ones only where the parent exists), then validate.
/// </summary>
internal static class StructuralSchema
{
    private static readonly HashSet<string> RootFields = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata" };

    /// <summary>Prunes and defaults <paramref name="obj"/> in place.</summary>
    /// <returns>The paths of the unknown fields pruned, for fieldValidation Strict/Warn.</returns>
    public static List<string> PruneAndDefault(JsonObject obj, JsonObject schema)
    {
        var pruned = new List<string>();
        Walk(obj, schema, "", pruned, isRoot: true);
        return pruned;
    }

    private static void Walk(JsonNode? node, JsonObject schema, string path, List<string> pruned, bool isRoot = false, bool embedded = false)
    {
        switch (node)
        {
            case JsonObject o:
            {
                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValueKind() == JsonValueKind.True;
                foreach (var key in o.Select(kv => kv.Key).ToList())
                {
                    if ((isRoot || embedded) && RootFields.Contains(key))
                    {
                        continue;
                    }
                    var child = properties?[key] as JsonObject ?? additional;
                    if (child is null)
                    {
                        if (!preserve)
                        {
                            o.Remove(key);
                            pruned.Add(Join(path, key));
                        }
                        continue;
                    }
                    if (o[key] is null && child["nullable"]?.GetValueKind() != JsonValueKind.True)
                    {
                        o.Remove(key);
                    }
                }
                if (properties is not null)
                {
                    foreach (var (key, child) in properties)
                    {
                        if (!o.ContainsKey(key) && child?["default"] is { } def)
                        {
                            o[key] = def.DeepClone();
                        }
                    }
                }
                foreach (var (key, value) in o.ToList())
                {
                    if ((isRoot || embedded) && RootFields.Contains(key))
                    {
                        continue;
                    }
                    if ((properties?[key] as JsonObject ?? additional) is { } child)
                    {
                        Walk(value, child, Join(path, key), pruned, embedded: child["x-kubernetes-embedded-resource"]?.GetValueKind() == JsonValueKind.True);
                    }
                }
                break;
            }
            case JsonArray a when schema["items"] is JsonObject items:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], items, $"{path}[{i}]", pruned);
                }
                break;
        }
    }

    /// <summary>Validates an already pruned and defaulted object; returns the errors the real server reports.</summary>
    public static List<FieldError> Validate(JsonObject obj, JsonObject schema)
    {
        var errors = new List<FieldError>();
        Check(obj, schema, "", errors, isRoot: true);
        return errors;
    }

    private static void Check(JsonNode? node, JsonObject schema, string path, List<FieldError> errors, bool isRoot = false)
    {
        var type = ObjectMeta.Str(schema["type"]);
        var nullable = schema["nullable"]?.GetValueKind() == JsonValueKind.True;
        var intOrString = schema["x-kubernetes-int-or-string"]?.GetValueKind() == JsonValueKind.True;
        if (node is null)
        {
            if (!nullable && type is not null)
            {
                errors.Add(FieldError.TypeInvalid(Display(path), "null", $"{Display(path)} in body must be of type {type}: \"null\""));
            }
            return;
        }
        var actual = JsonType(node);
        if (intOrString)
        {
            if (actual is not ("integer" or "string"))
            {
                errors.Add(FieldError.TypeInvalid(Display(path), actual, $"{Display(path)} in body must be of type integer,string: \"{actual}\""));
                return;
            }
        }
        else if (type is not null && type != actual && !(type == "number" && actual == "integer"))
        {
            errors.Add(FieldError.TypeInvalid(Display(path), actual, $"{Display(path)} in body must be of type {type}: \"{actual}\""));
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            errors.Add(FieldError.NotSupported(Display(path), node.ToJsonString(), allowed.Select(a => a?.ToJsonString() ?? "null")));
        }
        switch (node)
        {
            case JsonObject o:
                if (schema["required"] is JsonArray required)
                {
                    foreach (var r in required.Select(ObjectMeta.Str).OfType<string>())
                    {
                        if (!o.ContainsKey(r))
                        {
                            errors.Add(FieldError.Required(Join(path, r)));
                        }
                    }
                }
                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var (key, value) in o)
                {
                    if (isRoot && RootFields.Contains(key))
                    {
                        continue;
                    }
                    if ((properties?[key] as JsonObject ?? additional) is { } child)
                    {
                        Check(value, child, Join(path, key), errors);
                    }
                }
                CountBounds(o.Count, schema, "minProperties", "maxProperties", "properties", path, node, errors);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (schema["items"] is JsonObject items)
                    {
                        Check(a[i], items, $"{path}[{i}]", errors);
                    }
                }
                CountBounds(a.Count, schema, "minItems", "maxItems", "items", path, node, errors);
                break;
            case JsonValue v when actual is "integer" or "number":
                NumberBounds(Num(v), schema, path, node, errors);
                break;
            case JsonValue v when actual == "string":
                StringBounds(v.GetValue<string>(), schema, path, node, errors);
                break;
        }
    }

    private static void NumberBounds(double value, JsonObject schema, string path, JsonNode node, List<FieldError> errors)
    {
        var p = Display(path);
        if (schema["maximum"] is JsonValue max)
        {
            var m = Num(max);
            var exclusive = schema["exclusiveMaximum"]?.GetValueKind() == JsonValueKind.True;
            if (exclusive ? value >= m : value > m)
            {
                errors.Add(FieldError.Invalid(p, node.ToJsonString(), $"{p} in body should be less than {(exclusive ? "" : "or equal to ")}{Format(m)}"));
            }
        }
        if (schema["minimum"] is JsonValue min)
        {
            var m = Num(min);
            var exclusive = schema["exclusiveMinimum"]?.GetValueKind() == JsonValueKind.True;
            if (exclusive ? value <= m : value < m)
            {
                errors.Add(FieldError.Invalid(p, node.ToJsonString(), $"{p} in body should be greater than {(exclusive ? "" : "or equal to ")}{Format(m)}"));
            }
        }
        if (schema["multipleOf"] is JsonValue mult && Num(mult) is var f && f != 0 && Math.IEEERemainder(value, f) != 0)
        {
            errors.Add(FieldError.Invalid(p, node.ToJsonString(), $"{p} in body should be a multiple of {Format(f)}"));
        }
    }

    private static void StringBounds(string value, JsonObject schema, string path, JsonNode node, List<FieldError> errors)
    {
        var p = Display(path);
        if (schema["maxLength"] is JsonValue max && value.Length > Num(max))
        {
            errors.Add(new FieldError(p, "FieldValueTooLong", $"may not be more than {max} bytes", node.ToJsonString()));
        }
        if (schema["minLength"] is JsonValue min && value.Length < Num(min))
        {
            errors.Add(FieldError.Invalid(p, node.ToJsonString(), $"{p} in body should be at least {min} chars long"));
        }
        if (ObjectMeta.Str(schema["format"]) == "date-time" && !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            // Of the string formats the real server checks, date-time is the one our CRDs use.
            errors.Add(FieldError.Invalid(p, node.ToJsonString(), $"{p} in body must be of type date-time: {node.ToJsonString()}"));
        }
        if (ObjectMeta.Str(schema["pattern"]) is { } pattern && !System.Text.RegularExpressions.Regex.IsMatch(value, pattern))
        {
            errors.Add(FieldError.Invalid(p, node.ToJsonString(), $"{p} in body should match '{pattern}'"));
        }
    }

    private static void CountBounds(int count, JsonObject schema, string minKey, string maxKey, string noun, string path, JsonNode node, List<FieldError> errors)
    {
        var p = Display(path);
        if (schema[maxKey] is JsonValue max && count > Num(max))
        {
            errors.Add(new FieldError(p, "FieldValueTooMany", $"must have at most {max} {noun}", count.ToString(CultureInfo.InvariantCulture)));
        }
        if (schema[minKey] is JsonValue min && count < Num(min))
        {
            errors.Add(FieldError.Invalid(p, node.ToJsonString(), $"{p} in body should have at least {min} {noun}"));
        }
    }

    internal static string JsonType(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => IsInteger(node.AsValue()) ? "integer" : "number",
        _ => "null",
    };

    // Like kube-openapi, a JSON number without a fractional part (1 or 1.0) is an integer.
    private static bool IsInteger(JsonValue v) => Num(v) is var d && double.IsFinite(d) && d == Math.Truncate(d);

    private static double Num(JsonNode v) => double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Format(double d) => d.ToString(CultureInfo.InvariantCulture);

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Display(string path) => path.Length == 0 ? "<root>" : path;
}
