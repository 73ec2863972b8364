using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Core.Json;
using MultusConfig.Core.Schema;
using MultusConfig.Core.Validation;

namespace MultusConfig.Core.Pipeline;

/// <summary>
/// Reads one SMC manifest (as JSON) into the typed model the way the API server would accept it:
/// apiVersion and kind checked, metadata checked, the spec put through the CRD's structural schema
/// (pruning, defaults, types, enums, ranges, required). Every problem becomes a field error; the
/// input is never trusted to have the right shape, and the caller's object is not modified.
/// </summary>
public static class SmcDocument
{
    /// <summary>etcd's default request limit: an object larger than this can never be stored.</summary>
    public const int MaxObjectBytes = 1_572_864;
    private static readonly string[] TopLevelKeys = ["apiVersion", "kind", "metadata", "spec", "status"];

    public static (SpiderMultusConfig? Smc, List<FieldError> Errors) Parse(JsonObject manifest, SchemaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= new SchemaOptions();
        var errors = new List<FieldError>();

        var size = Utf8Size(manifest);
        if (size > MaxObjectBytes)
        {
            errors.Add(new FieldError("(object)", FieldErrorKind.TooLong, $"is {size} bytes; the API server stores at most {MaxObjectBytes} bytes per object"));
            return (null, errors);
        }

        var doc = manifest.DeepClone().AsObject();
        var apiVersion = StringField(doc, "apiVersion", errors);
        if (apiVersion is not null && apiVersion != SpiderMultusConfig.GroupVersion)
            errors.Add(new FieldError("apiVersion", FieldErrorKind.NotSupported, $"supported values: \"{SpiderMultusConfig.GroupVersion}\"", ValueText.Of(apiVersion)));
        var kind = StringField(doc, "kind", errors);
        if (kind is not null && kind != SpiderMultusConfig.KindName)
            errors.Add(new FieldError("kind", FieldErrorKind.NotSupported, $"supported values: \"{SpiderMultusConfig.KindName}\"", ValueText.Of(kind)));
        if (options.RejectUnknownFields)
        {
            foreach (var (key, _) in doc)
                if (!TopLevelKeys.Contains(key)) errors.Add(new FieldError(key, FieldErrorKind.UnknownField, "field not declared in schema"));
        }

        var metadata = ObjectMetaReader.Read(doc["metadata"], errors);

        SpiderMultusConfigSpec? spec = null;
        switch (doc["spec"])
        {
            case null:
                break;
            case JsonObject specJson:
                SchemaValidator.Apply(specJson, SmcSchema.Spec, "spec", options, errors);
                try
                {
                    spec = specJson.Deserialize(CoreJsonContext.Default.SpiderMultusConfigSpec);
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
                {
                    // The schema pass removes values of the wrong type, so this is a safety net, not a path.
                    errors.Add(new FieldError("spec", FieldErrorKind.Invalid, "cannot be read: " + e.Message));
                }
                break;
            default:
                errors.Add(new FieldError("spec", FieldErrorKind.TypeInvalid, "must be of type object", ValueText.Of(doc["spec"])));
                break;
        }

        var smc = new SpiderMultusConfig { Metadata = metadata, Spec = spec };
        return (smc, errors);
    }

    private static string? StringField(JsonObject doc, string key, List<FieldError> errors)
    {
        var node = doc[key];
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        errors.Add(node is null
            ? new FieldError(key, FieldErrorKind.Required, "")
            : new FieldError(key, FieldErrorKind.TypeInvalid, "must be of type string", ValueText.Of(node)));
        return null;
    }

    private static long Utf8Size(JsonNode node)
    {
        // Counting beats serializing: a 10 MB string must not be copied just to be measured.
        switch (node)
        {
            case JsonObject o:
                long total = 2;
                foreach (var (k, v) in o) total += Encoding.UTF8.GetByteCount(k) + 4 + (v is null ? 4 : Utf8Size(v));
                return total;
            case JsonArray a:
                long sum = 2;
                foreach (var v in a) sum += 1 + (v is null ? 4 : Utf8Size(v));
                return sum;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return Encoding.UTF8.GetByteCount(v.GetValue<string>()) + 2;
            default:
                return 8;
        }
    }
}
