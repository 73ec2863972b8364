using System.Text.Json.Nodes;

namespace MultusConfig.Deploy.Tests.Cluster;

/// <summary>
/// The API server double serves only the kinds the operator itself touches. The other built-in kinds of
/// deploy/ are registered as schema-less CRDs, so that kubectl applies them through the same discovery,
/// REST mapping and create path. The double rejects a CRD of the core ("") group, so ServiceAccount and
/// Service cannot be stood in for: <see cref="NotServed"/> lists them, and the apply test proves they are
/// the only ones skipped.
/// </summary>
internal static class StandInCrds
{
    public static readonly string[] NotServed = ["ServiceAccount", "Service"];

    private static readonly (string Group, string Kind, string Plural, bool Namespaced)[] Kinds =
    [
        ("apps", "Deployment", "deployments", true),
        ("policy", "PodDisruptionBudget", "poddisruptionbudgets", true),
        ("rbac.authorization.k8s.io", "ClusterRole", "clusterroles", false),
        ("rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings", false),
        ("rbac.authorization.k8s.io", "Role", "roles", true),
        ("rbac.authorization.k8s.io", "RoleBinding", "rolebindings", true),
        // cert-manager's own CRDs, for the deploy/cert-manager overlay.
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
