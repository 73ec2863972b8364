using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>
/// What apiextensions-apiserver does with a CustomResourceDefinition: validates it, reports it
/// Established (at once, where the real one takes a moment), and serves its resource until it is deleted.
/// </summary>
internal sealed class CrdController(ResourceRegistry registry, ObjectStore store)
{
    public void AfterCommit(ResourceType type, JsonObject obj, bool deleted)
    {
        if (type != BuiltInResources.Crds)
        {
            return;
        }
        var crdType = ToResourceType(obj);
        if (deleted)
        {
            registry.Unregister(crdType.Id);
            store.DropResource(crdType);
        }
        else
        {
            registry.Register(crdType);
        }
    }

    public static ResourceType ToResourceType(JsonObject crd)
    {
        var spec = crd["spec"]!;
        var names = spec["names"]!;
        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var served = versions.Where(v => v["served"]?.GetValueKind() != JsonValueKind.False).Select(v => ObjectMeta.Str(v["name"])!).ToList();
        var storage = versions.FirstOrDefault(v => v["storage"]?.GetValueKind() == JsonValueKind.True) ?? versions.FirstOrDefault();
        var schemas = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var columns = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        foreach (var v in versions)
        {
            var name = ObjectMeta.Str(v["name"])!;
            if (v["schema"]?["openAPIV3Schema"] is JsonObject schema)
            {
                schemas[name] = schema.DeepClone().AsObject();
            }
            if (v["additionalPrinterColumns"] is JsonArray cols)
            {
                columns[name] = cols.DeepClone().AsArray();
            }
        }
        return new ResourceType
        {
            Group = ObjectMeta.Str(spec["group"]) ?? "",
            Versions = served,
            StorageVersion = ObjectMeta.Str(storage?["name"]) ?? served.FirstOrDefault() ?? "v1",
            Plural = ObjectMeta.Str(names["plural"]) ?? "",
            Singular = ObjectMeta.Str(names["singular"]) ?? (ObjectMeta.Str(names["kind"]) ?? "").ToLowerInvariant(),
            Kind = ObjectMeta.Str(names["kind"]) ?? "",
            Namespaced = ObjectMeta.Str(spec["scope"]) != "Cluster",
            ShortNames = Strings(names["shortNames"]),
            Categories = Strings(names["categories"]),
            HasStatus = storage?["subresources"]?["status"] is not null,
            TracksGeneration = true,
            AllowUnconditionalUpdate = false,
            IsCustom = true,
            Schemas = schemas,
            PrinterColumns = columns,
        };
    }

    public static void SetStatus(JsonObject crd)
    {
        var names = crd["spec"]?["names"]?.DeepClone() as JsonObject ?? [];
        if (names["singular"] is null && ObjectMeta.Str(names["kind"]) is { } kind)
        {
            names["singular"] = kind.ToLowerInvariant();
        }
        if (names["listKind"] is null && ObjectMeta.Str(names["kind"]) is { } k)
        {
            names["listKind"] = k + "List";
        }
        crd["spec"]!["names"] = names.DeepClone();
        var now = ObjectMeta.Now();
        var versions = (crd["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(v => v["storage"]?.GetValueKind() == JsonValueKind.True).Select(v => (JsonNode?)JsonValue.Create(ObjectMeta.Str(v["name"]))).ToArray();
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = new JsonArray(versions),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = reason, ["message"] = message,
    };

    public static List<FieldError> ValidateCrd(JsonObject crd)
    {
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject;
        var group = ObjectMeta.Str(spec?["group"]) ?? "";
        var plural = ObjectMeta.Str(spec?["names"]?["plural"]) ?? "";
        if (group.Length == 0)
        {
            errors.Add(FieldError.Required("spec.group"));
        }
        if (plural.Length == 0)
        {
            errors.Add(FieldError.Required("spec.names.plural"));
        }
        if (ObjectMeta.Str(spec?["names"]?["kind"]) is not { Length: > 0 })
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }
        var name = ObjectMeta.Name(crd);
        if (group.Length > 0 && plural.Length > 0 && name != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", $"\"{name}\"", "must be spec.names.plural+\".\"+spec.group"));
        }
        if (ObjectMeta.Str(spec?["scope"]) is not ("Namespaced" or "Cluster"))
        {
            errors.Add(FieldError.NotSupported("spec.scope", $"\"{ObjectMeta.Str(spec?["scope"])}\"", ["\"Cluster\"", "\"Namespaced\""]));
        }
        var versions = (spec?["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (versions.Count == 0)
        {
            errors.Add(FieldError.Invalid("spec.versions", "null", "must have exactly one version marked as storage version"));
        }
        else if (versions.Count(v => v["storage"]?.GetValueKind() == JsonValueKind.True) != 1)
        {
            errors.Add(FieldError.Invalid("spec.versions", "[...]", "must have exactly one version marked as storage version"));
        }
        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i]["schema"]?["openAPIV3Schema"] is not JsonObject)
            {
                errors.Add(FieldError.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required"));
            }
        }
        return errors;
    }

    private static List<string> Strings(JsonNode? node) => node is JsonArray a ? a.Select(ObjectMeta.Str).OfType<string>().ToList() : [];
}
