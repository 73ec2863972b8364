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
    private static readonly SchemaOptions DefaultOptions = new();
    private static readonly string[] TopLevelKeys = ["apiVersion", "kind", "metadata", "spec", "status"];

    public static (SpiderMultusConfig? Smc, List<FieldError> Errors) Parse(JsonObject manifest, SchemaOptions? options = null) =>
        Parse(manifest, options, alwaysCopy: false);

    /// <summary>With <paramref name="alwaysCopy"/>, the spec always takes the copying schema pass (for tests that compare the two).</summary>
    internal static (SpiderMultusConfig? Smc, List<FieldError> Errors) Parse(JsonObject manifest, SchemaOptions? options, bool alwaysCopy)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= DefaultOptions;
        var errors = new List<FieldError>();

        var size = Utf8Size(manifest);
        if (size > MaxObjectBytes)
        {
            errors.Add(new FieldError("(object)", FieldErrorKind.TooLong, $"is {size} bytes; the API server stores at most {MaxObjectBytes} bytes per object"));
            return (null, errors);
        }

        // The manifest is only read; the spec is copied only when the schema pass has to change it.
        var doc = manifest;
        CheckConstant(doc, "apiVersion", SpiderMultusConfig.GroupVersion, errors);
        CheckConstant(doc, "kind", SpiderMultusConfig.KindName, errors);
        if (options.RejectUnknownFields)
        {
            for (var i = 0; i < doc.Count; i++)
            {
                var key = doc.GetAt(i).Key;
                if (Array.IndexOf(TopLevelKeys, key) < 0) errors.Add(new FieldError(key, FieldErrorKind.UnknownField, "field not declared in schema"));
            }
        }

        var metadata = ObjectMetaReader.Read(doc["metadata"], errors);

        SpiderMultusConfigSpec? spec = null;
        switch (doc["spec"])
        {
            case null:
                break;
            case JsonObject specJson:
                var mark = errors.Count;
                if (alwaysCopy || !SchemaChecker.TryCheck(specJson, SmcSchema.Spec, "spec", options, errors)
                    || !SpecBinder.TryBind(specJson, SmcSchema.Spec, options.ApplyDefaults, out spec))
                {
                    errors.RemoveRange(mark, errors.Count - mark);
                    spec = CopyAndBind(specJson, options, errors);
                }
                break;
            default:
                errors.Add(new FieldError("spec", FieldErrorKind.TypeInvalid, "must be of type object", ValueText.Of(doc["spec"])));
                break;
        }

        var smc = new SpiderMultusConfig(metadata, spec);
        return (smc, errors);
    }

    /// <summary>The API server's way: prune and default a copy in place, then deserialize it.</summary>
    private static SpiderMultusConfigSpec? CopyAndBind(JsonObject specJson, SchemaOptions options, List<FieldError> errors)
    {
        var copy = specJson.DeepClone().AsObject();
        SchemaValidator.Apply(copy, SmcSchema.Spec, "spec", options, errors);
        try
        {
            return copy.Deserialize(CoreJsonContext.Default.SpiderMultusConfigSpec);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // The schema pass removes values of the wrong type, so this is a safety net, not a path.
            errors.Add(new FieldError("spec", FieldErrorKind.Invalid, "cannot be read: " + e.Message));
            return null;
        }
    }

    /// <summary>A field that must hold one string; the right one is recognized without being decoded.</summary>
    private static void CheckConstant(JsonObject doc, string key, string expected, List<FieldError> errors)
    {
        if (doc[key] is JsonValue v && JsonStrings.IsString(v, expected)) return;
        var value = StringField(doc, key, errors);
        if (value is not null && value != expected)
            errors.Add(new FieldError(key, FieldErrorKind.NotSupported, $"supported values: \"{expected}\"", ValueText.Of(value)));
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
        // Indexed loops: enumerating a JsonObject or JsonArray allocates an enumerator.
        switch (node)
        {
            case JsonObject o:
                long total = 2;
                for (var i = 0; i < o.Count; i++)
                {
                    var (k, v) = o.GetAt(i);
                    total += Encoding.UTF8.GetByteCount(k) + 4 + (v is null ? 4 : Utf8Size(v));
                }
                return total;
            case JsonArray a:
                long sum = 2;
                for (var i = 0; i < a.Count; i++) sum += 1 + (a[i] is { } v ? Utf8Size(v) : 4);
                return sum;
            case JsonValue v when JsonStrings.TryGetUtf8Length(v, out var length):
                return length + 2;
            default:
                return 8;
        }
    }
}
