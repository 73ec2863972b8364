using System.Text.Json.Nodes;

namespace MultusConfig.Deploy.Tests.Cluster;

/// <summary>
/// cert-manager's kinds, which the deploy/cert-manager overlay uses and no real cert-manager installs here,
/// are registered as schema-less CRDs so that kubectl applies them through the same discovery, REST
/// mapping and create path. Every built-in kind of deploy/ is served by the API server double itself.
/// </summary>
internal static class StandInCrds
{
    private static readonly (string Group, string Kind, string Plural, bool Namespaced)[] Kinds =
    [
        ("cert-manager.io", "Issuer", "issuers", true),
        ("cert-manager.io", "Certificate", "certificates", true),
    ];

    public static IEnumerable<JsonObject> All() => Kinds.Select(k => new JsonObject
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = $"{k.Plural}.{k.Group}" },
        ["spec"] = new JsonObject
        {
            ["group"] = k.Group,
            ["scope"] = k.Namespaced ? "Namespaced" : "Cluster",
            ["names"] = new JsonObject { ["kind"] = k.Kind, ["plural"] = k.Plural, ["singular"] = k.Kind.ToLowerInvariant() },
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1", ["served"] = true, ["storage"] = true,
                ["schema"] = new JsonObject
                {
                    ["openAPIV3Schema"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                },
            }),
        },
    });
}
