using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer.Patching;

/// <summary>
/// Strategic merge patch for the built-in kinds served here. It is a merge patch plus the directives
/// kubectl emits: lists merged by their patchMergeKey, <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$deleteFromPrimitiveList</c> and <c>$setElementOrder</c>. The merge keys are those of the Go
/// types of the kinds we serve (other lists are replaced, as their Go tags say).
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["ownerReferences"] = "uid",
        ["webhooks"] = "name",
        ["conditions"] = "type",
        ["managedFields"] = "manager",
    };

    // Lists of scalars whose Go field has patchStrategy "merge": elements are unioned.
    private static readonly HashSet<string> MergedPrimitiveLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => MergeObject(target as JsonObject, patch);

    private static JsonNode? MergeObject(JsonObject? target, JsonNode? patch)
    {
        if (patch is not JsonObject p)
        {
            return patch?.DeepClone();
        }
        var directive = ObjectMeta.Str(p["$patch"]);
        if (directive == "replace")
        {
            var replaced = p.DeepClone().AsObject();
            replaced.Remove("$patch");
            return replaced;
        }
        if (directive == "delete")
        {
            return null;
        }
        var result = target?.DeepClone().AsObject() ?? [];
        if (p["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(ObjectMeta.Str).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var key in result.Select(kv => kv.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }
        foreach (var (key, value) in p)
        {
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) || key is "$retainKeys" or "$patch")
            {
                continue;
            }
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray existing && value is JsonArray remove)
                {
                    var drop = remove.Select(n => n?.ToJsonString()).ToHashSet(StringComparer.Ordinal);
                    result[field] = new JsonArray(existing.Where(n => !drop.Contains(n?.ToJsonString())).Select(n => n?.DeepClone()).ToArray());
                }
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray list)
            {
                result[key] = MergeList(key, result[key] as JsonArray, list);
            }
            else if (value is JsonObject)
            {
                var merged = MergeObject(result[key] as JsonObject, value);
                if (merged is null)
                {
                    result.Remove(key);
                }
                else
                {
                    result[key] = merged;
                }
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }
        return result;
    }

    private static JsonArray MergeList(string field, JsonArray? current, JsonArray patch)
    {
        if (MergedPrimitiveLists.Contains(field))
        {
            var union = current?.Select(n => n?.DeepClone()).ToList() ?? [];
            foreach (var item in patch)
            {
                if (!union.Any(u => JsonNode.DeepEquals(u, item)))
                {
                    union.Add(item?.DeepClone());
                }
            }
            return new JsonArray(union.ToArray());
        }
        if (!MergeKeys.TryGetValue(field, out var mergeKey) || current is null)
        {
            return new JsonArray(patch.Where(n => ObjectMeta.Str(n?["$patch"]) != "delete").Select(n => StripDirectives(n)).ToArray());
        }
        var result = current.Select(n => n?.DeepClone()).ToList();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var key = item[mergeKey]?.ToJsonString();
            var index = result.FindIndex(n => n?[mergeKey]?.ToJsonString() == key);
            if (ObjectMeta.Str(item["$patch"]) == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
                continue;
            }
            if (index >= 0)
            {
                result[index] = MergeObject(result[index] as JsonObject, item);
            }
            else
            {
                result.Add(StripDirectives(item));
            }
        }
        return new JsonArray(result.ToArray());
    }

    private static JsonNode? StripDirectives(JsonNode? node) => node is JsonObject o ? MergeObject(null, o) : node?.DeepClone();
}
