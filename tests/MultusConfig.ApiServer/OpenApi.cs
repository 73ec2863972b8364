using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>
/// Just enough OpenAPI for kubectl's default validation (--validate=strict). kubectl asks /openapi/v3
/// whether a kind's PATCH operation takes the fieldValidation parameter; when it does, kubectl leaves
/// validation to the server (fieldValidation=Strict), which the double performs from the CRD schema.
/// Namespaces are special-cased by kubectl to the v2 protobuf document: an empty one (no definitions)
/// makes kubectl skip client-side validation. The schemas of custom resources are published as
/// kube-apiserver publishes them (apiextensions-apiserver's openapi builder): the CRD's openAPIV3Schema
/// under components/schemas with x-kubernetes-group-version-kind, apiVersion and kind described as
/// TypeMeta, metadata a reference to ObjectMeta. kubectl explain finds the kind through the paths'
/// x-kubernetes-group-version-kind, then the schema carrying the same GVK. Built-in kinds publish no
/// schema (kubectl falls back to its compiled-in types), and ObjectMeta is a stand-in without fields.
/// </summary>
internal static class OpenApi
{
    public static JsonObject Root(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var (prefix, doc) in Documents(registry))
        {
            paths[prefix] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{prefix}?hash={Hash(doc)}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? Document(ResourceRegistry registry, string prefix) =>
        Documents(registry).FirstOrDefault(d => d.Prefix == prefix).Doc;

    private static string Hash(JsonObject doc) => Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(doc.ToJsonString())));

    private static IEnumerable<(string Prefix, JsonObject Doc)> Documents(ResourceRegistry registry)
    {
        var byGv = registry.All.SelectMany(t => t.Versions.Select(v => (t, v))).GroupBy(x => x.t.Group.Length == 0 ? $"api/{x.v}" : $"apis/{x.t.Group}/{x.v}");
        foreach (var gv in byGv.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var paths = new JsonObject();
            var schemas = new JsonObject();
            foreach (var (t, v) in gv)
            {
                if (t.IsCustom && t.Schemas.TryGetValue(v, out var schema)) AddCustomSchemas(schemas, t, v, schema);
                var basePath = "/" + gv.Key + (t.Namespaced ? "/namespaces/{namespace}/" : "/") + t.Plural + "/{name}";
                paths[basePath] = new JsonObject
                {
                    ["patch"] = new JsonObject
                    {
                        ["operationId"] = $"patch{t.Kind}",
                        ["parameters"] = new JsonArray(
                            Query("dryRun"), Query("fieldManager"), Query("fieldValidation"), Query("force")),
                        ["x-kubernetes-action"] = "patch",
                        ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = t.Group, ["version"] = v, ["kind"] = t.Kind },
                    },
                };
            }
            var doc = new JsonObject
            {
                ["openapi"] = "3.0.0",
                ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
                ["paths"] = paths,
                ["components"] = new JsonObject { ["schemas"] = schemas },
            };
            yield return (gv.Key, doc);
        }
    }

    private const string ObjectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /// <summary>The kind and its list under the builder's names (group reversed: io.spidernet.spiderpool.v2beta1.SpiderMultusConfig).</summary>
    private static void AddCustomSchemas(JsonObject schemas, ResourceType t, string version, JsonObject crdSchema)
    {
        var prefix = string.Join('.', t.Group.Split('.').Reverse()) + "." + version + ".";
        var kind = (JsonObject)crdSchema.DeepClone();
        var properties = kind["properties"] as JsonObject ?? [];
        kind["properties"] = properties;
        properties["apiVersion"] = TypeMeta("apiVersion");
        properties["kind"] = TypeMeta("kind");
        properties["metadata"] = new JsonObject
        {
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + ObjectMetaName }),
            ["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        };
        kind["x-kubernetes-group-version-kind"] = Gvk(t, version, t.Kind);
        schemas[prefix + t.Kind] = kind;
        schemas[prefix + t.ListKind] = new JsonObject
        {
            ["description"] = $"{t.ListKind} is a list of {t.Kind}",
            ["type"] = "object",
            ["required"] = new JsonArray("items"),
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = TypeMeta("apiVersion"),
                ["items"] = new JsonObject
                {
                    ["description"] = $"List of {t.Plural.ToLowerInvariant()}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md",
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["$ref"] = "#/components/schemas/" + prefix + t.Kind },
                },
                ["kind"] = TypeMeta("kind"),
                ["metadata"] = new JsonObject { ["type"] = "object" },
            },
            ["x-kubernetes-group-version-kind"] = Gvk(t, version, t.ListKind),
        };
        schemas[ObjectMetaName] = new JsonObject
        {
            ["description"] = "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
            ["type"] = "object",
        };
    }

    private static JsonArray Gvk(ResourceType t, string version, string kind) =>
        new(new JsonObject { ["group"] = t.Group, ["kind"] = kind, ["version"] = version });

    /// <summary>metav1.TypeMeta's field documentation, which the builder puts on every custom kind.</summary>
    private static JsonObject TypeMeta(string field) => new()
    {
        ["description"] = field == "kind"
            ? "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"
            : "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        ["type"] = "string",
    };

    private static JsonObject Query(string name) => new()
    {
        ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    /// <summary>gnostic openapi_v2.Document { swagger: "2.0", info: { title: "Kubernetes", version: "v1.32.0" } }, protobuf-encoded.</summary>
    public static byte[] EmptyV2Protobuf()
    {
        static byte[] Field(int number, byte[] value) => [(byte)((number << 3) | 2), (byte)value.Length, .. value];
        var info = Field(1, Encoding.UTF8.GetBytes("Kubernetes")).Concat(Field(2, Encoding.UTF8.GetBytes("v1.32.0"))).ToArray();
        return [.. Field(1, Encoding.UTF8.GetBytes("2.0")), .. Field(2, info)];
    }
}
