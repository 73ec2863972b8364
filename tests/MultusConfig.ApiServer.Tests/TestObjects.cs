using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace MultusConfig.ApiServer.Tests;

/// <summary>Small builders and converters shared by the conformance tests.</summary>
internal static class TestObjects
{
    public const string SmcGroup = "spiderpool.spidernet.io";
    public const string SmcVersion = "v2beta1";
    public const string SmcPlural = "spidermultusconfigs";
    public const string NadGroup = "k8s.cni.cncf.io";
    public const string NadPlural = "network-attachment-definitions";

    public static async Task<ApiServerDouble> StartWithCrdsAsync(ApiServerOptions? options = null)
    {
        var server = await ApiServerDouble.StartAsync(options);
        await server.LoadManifestsAsync(RepoPaths.SmcCrd, RepoPaths.NadCrd);
        return server;
    }

    public static JsonObject Smc(string name, string ns = "default", JsonObject? spec = null, Dictionary<string, string>? labels = null)
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            meta["labels"] = new JsonObject(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        }
        return new JsonObject
        {
            ["apiVersion"] = $"{SmcGroup}/{SmcVersion}",
            ["kind"] = "SpiderMultusConfig",
            ["metadata"] = meta,
            ["spec"] = spec ?? new JsonObject { ["cniType"] = "macvlan", ["macvlan"] = new JsonObject { ["master"] = new JsonArray("eth0") } },
        };
    }

    public static JsonObject Nad(string name, string ns = "default", JsonObject? owner = null, bool blockOwnerDeletion = false)
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (owner is not null)
        {
            meta["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = owner["apiVersion"]!.GetValue<string>(),
                ["kind"] = owner["kind"]!.GetValue<string>(),
                ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
                ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
                ["controller"] = true,
                ["blockOwnerDeletion"] = blockOwnerDeletion,
            });
        }
        return new JsonObject
        {
            ["apiVersion"] = $"{NadGroup}/v1",
            ["kind"] = "NetworkAttachmentDefinition",
            ["metadata"] = meta,
            ["spec"] = new JsonObject { ["config"] = """{"cniVersion":"0.3.1","type":"macvlan"}""" },
        };
    }

    public static JsonObject Node(object? result) => result switch
    {
        JsonElement e => JsonNode.Parse(e.GetRawText())!.AsObject(),
        JsonObject o => o,
        _ => JsonNode.Parse(KubernetesJson.Serialize(result))!.AsObject(),
    };

    public static async Task<JsonObject> CreateSmcAsync(this Kubernetes client, JsonObject smc) =>
        Node(await client.CustomObjects.CreateNamespacedCustomObjectAsync(smc, SmcGroup, SmcVersion, smc["metadata"]!["namespace"]!.GetValue<string>(), SmcPlural));

    public static async Task<JsonObject> GetSmcAsync(this Kubernetes client, string name, string ns = "default") =>
        Node(await client.CustomObjects.GetNamespacedCustomObjectAsync(SmcGroup, SmcVersion, ns, SmcPlural, name));

    public static async Task<JsonObject> CreateNadAsync(this Kubernetes client, JsonObject nad) =>
        Node(await client.CustomObjects.CreateNamespacedCustomObjectAsync(nad, NadGroup, "v1", nad["metadata"]!["namespace"]!.GetValue<string>(), NadPlural));

    /// <summary>The failure as the server sent it: HTTP code and the Status body.</summary>
    public static async Task<(int Code, JsonObject Status)> FailureOf(Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(action);
        return ((int)e.Response.StatusCode, JsonNode.Parse(e.Response.Content)!.AsObject());
    }

    public static string Str(this JsonNode? node) => node?.GetValue<string>() ?? "";

    /// <summary>Polls until a condition holds; the timeout only prevents a hang.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"never happened: {what}");
            }
            await Task.Delay(20);
        }
    }
}
