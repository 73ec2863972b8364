using System.Text.Json.Nodes;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>AdmissionReview v1 requests shaped as the API server sends them for SpiderMultusConfigs.</summary>
internal static class Reviews
{
    public const string MutatePath = "/mutate-spiderpool-spidernet-io-v2beta1-spidermultusconfig";
    public const string ValidatePath = "/validate-spiderpool-spidernet-io-v2beta1-spidermultusconfig";

    public static JsonObject Smc(string name, string spec, string? annotations = null, string? labels = null, string ns = "default")
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = Guid.NewGuid().ToString() };
        if (annotations is not null) metadata["annotations"] = JsonNode.Parse(annotations);
        if (labels is not null) metadata["labels"] = JsonNode.Parse(labels);
        return new JsonObject
        {
            ["apiVersion"] = "spiderpool.spidernet.io/v2beta1",
            ["kind"] = "SpiderMultusConfig",
            ["metadata"] = metadata,
            ["spec"] = JsonNode.Parse(spec),
        };
    }

    public static JsonObject Review(string operation, JsonObject? obj, JsonObject? oldObj = null, string? uid = null)
    {
        var name = (string?)obj?["metadata"]?["name"] ?? (string?)oldObj?["metadata"]?["name"];
        var ns = (string?)obj?["metadata"]?["namespace"] ?? (string?)oldObj?["metadata"]?["namespace"];
        return new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = uid ?? Guid.NewGuid().ToString(),
                ["kind"] = new JsonObject { ["group"] = "spiderpool.spidernet.io", ["version"] = "v2beta1", ["kind"] = "SpiderMultusConfig" },
                ["resource"] = new JsonObject { ["group"] = "spiderpool.spidernet.io", ["version"] = "v2beta1", ["resource"] = "spidermultusconfigs" },
                ["requestKind"] = new JsonObject { ["group"] = "spiderpool.spidernet.io", ["version"] = "v2beta1", ["kind"] = "SpiderMultusConfig" },
                ["name"] = name,
                ["namespace"] = ns,
                ["operation"] = operation,
                ["userInfo"] = new JsonObject { ["username"] = "kubernetes-admin", ["groups"] = new JsonArray("system:masters", "system:authenticated") },
                ["object"] = obj?.DeepClone(),
                ["oldObject"] = oldObj?.DeepClone(),
                ["dryRun"] = false,
                ["options"] = new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = operation == "UPDATE" ? "UpdateOptions" : "CreateOptions" },
            },
        };
    }
}
