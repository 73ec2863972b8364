using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>
/// Just enough OpenAPI for kubectl's default validation (--validate=strict). kubectl asks /openapi/v3
/// whether a kind's PATCH operation takes the fieldValidation parameter; when it does, kubectl leaves
/// validation to the server (fieldValidation=Strict), which the double performs from the CRD schema.
/// Namespaces are special-cased by kubectl to the v2 protobuf document: an empty one (no definitions)
/// makes kubectl skip client-side validation. Schemas themselves are not published, so kubectl
/// explain and OpenAPI-driven strategic merge are unavailable (kubectl falls back to its built-in types).
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
            foreach (var (t, v) in gv)
            {
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
                ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
            };
            yield return (gv.Key, doc);
        }
    }

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
