using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Pipeline;

/// <summary>Reads and checks the metadata fields an SMC manifest may carry, as the API server validates ObjectMeta.</summary>
internal static class ObjectMetaReader
{
    private const int MaxAnnotationBytes = 256 * 1024;

    public static V1ObjectMeta Read(JsonNode? node, List<FieldError> errors)
    {
        var meta = new V1ObjectMeta();
        if (node is null)
        {
            errors.Add(new FieldError("metadata.name", FieldErrorKind.Required, "name or generateName is required"));
            return meta;
        }
        if (node is not JsonObject obj)
        {
            errors.Add(new FieldError("metadata", FieldErrorKind.TypeInvalid, "must be of type object", ValueText.Of(node)));
            return meta;
        }

        meta.Name = OptionalString(obj, "name", errors);
        meta.GenerateName = OptionalString(obj, "generateName", errors);
        meta.NamespaceProperty = OptionalString(obj, "namespace", errors);
        meta.Uid = OptionalString(obj, "uid", errors);
        meta.ResourceVersion = OptionalString(obj, "resourceVersion", errors);
        if (obj["generation"] is JsonValue g && g.TryGetValue(out long generation)) meta.Generation = generation;

        if (string.IsNullOrEmpty(meta.Name) && string.IsNullOrEmpty(meta.GenerateName))
            errors.Add(new FieldError("metadata.name", FieldErrorKind.Required, "name or generateName is required"));
        if (!string.IsNullOrEmpty(meta.Name) && !Names.IsDns1123Subdomain(meta.Name))
            foreach (var p in Names.Dns1123SubdomainErrors(meta.Name))
                errors.Add(new FieldError("metadata.name", FieldErrorKind.Invalid, p, ValueText.Of(meta.Name)));
        if (!string.IsNullOrEmpty(meta.NamespaceProperty) && !Names.IsDns1123Label(meta.NamespaceProperty))
            foreach (var p in Names.Dns1123LabelErrors(meta.NamespaceProperty))
                errors.Add(new FieldError("metadata.namespace", FieldErrorKind.Invalid, p, ValueText.Of(meta.NamespaceProperty)));

        meta.Annotations = StringMap(obj, "annotations", errors, labels: false);
        meta.Labels = StringMap(obj, "labels", errors, labels: true);
        return meta;
    }

    private static string? OptionalString(JsonObject obj, string key, List<FieldError> errors)
    {
        var node = obj[key];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        errors.Add(new FieldError("metadata." + key, FieldErrorKind.TypeInvalid, "must be of type string", ValueText.Of(node)));
        return null;
    }

    private static Dictionary<string, string>? StringMap(JsonObject obj, string key, List<FieldError> errors, bool labels)
    {
        var node = obj[key];
        if (node is null) return null;
        if (node is not JsonObject map)
        {
            errors.Add(new FieldError("metadata." + key, FieldErrorKind.TypeInvalid, "must be a map of string keys to string values", ValueText.Of(node)));
            return null;
        }
        var result = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        long bytes = 0;
        // Indexed, and paths built only for an error: the valid case allocates only the map and its values.
        for (var i = 0; i < map.Count; i++)
        {
            var (k, v) = map.GetAt(i);
            if (!Names.IsQualifiedName(k))
                foreach (var p in Names.QualifiedNameErrors(k))
                    errors.Add(new FieldError("metadata." + key, FieldErrorKind.Invalid, $"key {ValueText.Of(k)}: {p}"));
            if (v is not JsonValue sv || sv.GetValueKind() != JsonValueKind.String)
            {
                // kubectl would refuse to decode this; quoting the value in YAML is the usual fix.
                errors.Add(new FieldError($"metadata.{key}[{k}]", FieldErrorKind.TypeInvalid, "must be of type string (quote it in YAML)", ValueText.Of(v)));
                continue;
            }
            var value = sv.GetValue<string>();
            if (labels && !Names.IsLabelValue(value))
                foreach (var p in Names.LabelValueErrors(value))
                    errors.Add(new FieldError($"metadata.{key}[{k}]", FieldErrorKind.Invalid, p, ValueText.Of(value)));
            bytes += Encoding.UTF8.GetByteCount(k) + Encoding.UTF8.GetByteCount(value);
            result[k] = value;
        }
        if (!labels && bytes > MaxAnnotationBytes)
            errors.Add(new FieldError("metadata." + key, FieldErrorKind.TooLong, string.Create(CultureInfo.InvariantCulture, $"may not be more than {MaxAnnotationBytes} bytes in total, found {bytes}")));
        return result;
    }
}
