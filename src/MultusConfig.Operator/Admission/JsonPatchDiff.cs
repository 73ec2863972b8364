using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// Computes the RFC 6902 patch that turns one JSON document into another. Objects are diffed key by key;
/// arrays and scalars are replaced whole, which keeps every path valid without index bookkeeping.
/// Numbers compare by value, so 1500 and 1500.0 are not a change.
/// </summary>
public static class JsonPatchDiff
{
    public static List<JsonPatchOperation> Diff(JsonNode? before, JsonNode? after)
    {
        var ops = new List<JsonPatchOperation>();
        DiffAt("", before, after, ops);
        return ops;
    }

    /// <summary>Serializes operations as the JSON array the API server applies.</summary>
    public static byte[] Serialize(IReadOnlyList<JsonPatchOperation> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var op in ops)
            {
                writer.WriteStartObject();
                writer.WriteString("op", op.Op);
                writer.WriteString("path", op.Path);
                // Written by hand so that an added JSON null is kept ("value": null) instead of dropped.
                if (op.Op != JsonPatchOperation.Remove)
                {
                    writer.WritePropertyName("value");
                    if (op.Value is null) writer.WriteNullValue();
                    else op.Value.WriteTo(writer);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>RFC 6901: '~' becomes '~0' and '/' becomes '~1' (in that order, so '~1' in a key survives).</summary>
    public static string EscapeSegment(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    /// <summary>Deep equality with numbers compared by value and object keys in any order.</summary>
    public static bool JsonEquals(JsonNode? a, JsonNode? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (JsonObject oa, JsonObject ob):
                if (oa.Count != ob.Count) return false;
                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other) || !JsonEquals(value, other)) return false;
                }
                return true;
            case (JsonArray aa, JsonArray ab):
                if (aa.Count != ab.Count) return false;
                for (var i = 0; i < aa.Count; i++)
                {
                    if (!JsonEquals(aa[i], ab[i])) return false;
                }
                return true;
            case (JsonValue va, JsonValue vb):
                return ValueEquals(va, vb);
            default:
                return false;
        }
    }

    private static void DiffAt(string path, JsonNode? before, JsonNode? after, List<JsonPatchOperation> ops)
    {
        if (before is JsonObject ob && after is JsonObject oa)
        {
            foreach (var (key, value) in ob)
            {
                var child = path + "/" + EscapeSegment(key);
                if (!oa.TryGetPropertyValue(key, out var newValue)) ops.Add(new JsonPatchOperation(JsonPatchOperation.Remove, child));
                else DiffAt(child, value, newValue, ops);
            }
            foreach (var (key, value) in oa)
            {
                if (!ob.ContainsKey(key)) ops.Add(new JsonPatchOperation(JsonPatchOperation.Add, path + "/" + EscapeSegment(key), value?.DeepClone()));
            }
            return;
        }
        if (!JsonEquals(before, after)) ops.Add(new JsonPatchOperation(JsonPatchOperation.Replace, path, after?.DeepClone()));
    }

    private static bool ValueEquals(JsonValue a, JsonValue b)
    {
        var kind = a.GetValueKind();
        if (kind != b.GetValueKind())
        {
            return false;
        }
        switch (kind)
        {
            case JsonValueKind.String:
                return string.Equals(a.GetValue<string>(), b.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.Number:
                var ta = a.ToJsonString();
                var tb = b.ToJsonString();
                if (ta == tb) return true;
                const NumberStyles style = NumberStyles.Float;
                if (decimal.TryParse(ta, style, CultureInfo.InvariantCulture, out var da) && decimal.TryParse(tb, style, CultureInfo.InvariantCulture, out var db))
                    return da == db;
                return double.TryParse(ta, style, CultureInfo.InvariantCulture, out var fa) && double.TryParse(tb, style, CultureInfo.InvariantCulture, out var fb)
                    && double.IsFinite(fa) && fa == fb;
            default:
                // true, false and null carry no payload beyond their kind.
                return true;
        }
    }
}
