using System.Text;
using System.Text.Json.Nodes;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>The mutating webhook over real HTTPS: its JSON Patch, applied to the request object, gives exactly the stored defaults.</summary>
public sealed class MutatingWebhookTests : IAsyncLifetime
{
    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(JsonObject Response, JsonArray? Patch)> MutateAsync(JsonObject obj, string operation = "CREATE", JsonObject? old = null)
    {
        var response = await _host.ReviewAsync(Reviews.MutatePath, Reviews.Review(operation, obj, old ?? (operation == "UPDATE" ? obj : null)));
        Assert.True((bool)response["allowed"]!, response.ToJsonString());
        if (response["patch"] is null)
        {
            Assert.Null(response["patchType"]);
            return (response, null);
        }
        Assert.Equal("JSONPatch", (string?)response["patchType"]);
        var patch = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String((string)response["patch"]!)))!.AsArray();
        return (response, patch);
    }

    private static JsonObject Applied(JsonObject obj, JsonArray? patch) =>
        patch is null ? obj : JsonPatchApplier.Apply(obj, patch).AsObject();

    [Fact]
    public async Task Create_MacvlanWithoutDefaults_PatchAddsExactlyTheStoredDefaults()
    {
        var obj = Reviews.Smc("net1", """{"cniType":"macvlan","macvlan":{"master":["eth0"],"ippools":{"ipv4":["pool4"]}}}""");

        var (_, patch) = await MutateAsync(obj);

        var expected = obj.DeepClone().AsObject();
        expected["spec"] = JsonNode.Parse("""{"cniType":"macvlan","macvlan":{"master":["eth0"],"ippools":{"ipv4":["pool4"],"matchMasterSubnet":false}},"enableCoordinator":true,"disableIPAM":false}""");
        Assert.True(JsonNode.DeepEquals(expected, Applied(obj, patch)), Applied(obj, patch).ToJsonString());
        Assert.All(patch!, op => Assert.Contains((string)op!["op"]!, new[] { "add", "replace", "remove" }));
    }

    [Fact]
    public async Task Create_WithoutCniType_DefaultsToCustom()
    {
        var obj = Reviews.Smc("raw", """{"customCNI":"{\"cniVersion\":\"0.3.1\",\"type\":\"macvlan\"}"}""");

        var (_, patch) = await MutateAsync(obj);

        var spec = Applied(obj, patch)["spec"]!;
        Assert.Equal("custom", (string?)spec["cniType"]);
        Assert.Equal("{\"cniVersion\":\"0.3.1\",\"type\":\"macvlan\"}", (string?)spec["customCNI"]);
    }

    [Fact]
    public async Task Create_VlanAndIbSriov_GetTheirTypeDefaults()
    {
        var vlan = Reviews.Smc("v", """{"cniType":"vlan","vlan":{"master":["eth0"],"vlanID":100}}""");
        var ib = Reviews.Smc("ib", """{"cniType":"ib-sriov","ibsriov":{"resourceName":"mellanox/ib"}}""");

        var (_, vlanPatch) = await MutateAsync(vlan);
        var (_, ibPatch) = await MutateAsync(ib);

        Assert.Equal("manual", (string?)Applied(vlan, vlanPatch)["spec"]!["vlan"]!["vlanMode"]);
        var ibBlock = Applied(ib, ibPatch)["spec"]!["ibsriov"]!;
        Assert.Equal("enable", (string?)ibBlock["linkState"]);
        Assert.True((bool)ibBlock["rdmaIsolation"]!);
    }

    [Fact]
    public async Task Create_AlreadyDefaultedObject_GetsNoPatch()
    {
        var obj = Reviews.Smc("net1", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""");
        var (_, first) = await MutateAsync(obj);
        Assert.NotNull(first);

        var (response, second) = await MutateAsync(Applied(obj, first));

        Assert.Null(second);
        Assert.Null(response["patch"]);
    }

    [Fact]
    public void Create_NumberWrittenAsDecimal_IsNotRewritten()
    {
        var obj = Reviews.Smc("net1", """{"cniType":"macvlan","enableCoordinator":true,"disableIPAM":false,"macvlan":{"master":["eth0"],"mtu":1500.0}}""");

        // The patch alone: the admission schema path cannot bind 1500.0 to an integer and the webhook denies
        // it (as the validating webhook always did); a real API server sends it re-encoded as 1500 anyway.
        var patch = MultusConfig.Operator.Admission.SmcMutatingHandler.PatchFor(obj);

        Assert.Empty(patch);
    }

    [Fact]
    public async Task Create_InjectAnnotation_AddsLabelUnderAnEscapedPointer()
    {
        var obj = Reviews.Smc("rdma", """{"cniType":"sriov","sriov":{"resourceName":"r","ippools":{"ipv4":["pool"]}}}""",
            annotations: """{"cni.spidernet.io/rdma-resource-inject":"rdma-net"}""", labels: """{"team":"net"}""");

        var (_, patch) = await MutateAsync(obj);

        var labelOp = patch!.Single(op => ((string)op!["path"]!).StartsWith("/metadata/labels", StringComparison.Ordinal))!;
        Assert.Equal("add", (string?)labelOp["op"]);
        Assert.Equal("/metadata/labels/cni.spidernet.io~1rdma-resource-inject", (string?)labelOp["path"]);
        var labels = Applied(obj, patch)["metadata"]!["labels"]!;
        Assert.Equal("rdma-net", (string?)labels["cni.spidernet.io/rdma-resource-inject"]);
        Assert.Equal("net", (string?)labels["team"]);
    }

    [Fact]
    public async Task Create_InjectAnnotationWithoutLabels_CreatesTheLabelMap()
    {
        var obj = Reviews.Smc("rdma", """{"cniType":"sriov","sriov":{"resourceName":"r","ippools":{"ipv4":["pool"]}}}""", annotations: """{"cni.spidernet.io/network-resource-inject":"n1"}""");

        var (_, patch) = await MutateAsync(obj);

        Assert.Equal("n1", (string?)Applied(obj, patch)["metadata"]!["labels"]!["cni.spidernet.io/network-resource-inject"]);
    }

    [Fact]
    public async Task Update_InjectAnnotationRemoved_RemovesItsLabelAndKeepsOthers()
    {
        var obj = Reviews.Smc("rdma", """{"cniType":"sriov","enableCoordinator":true,"disableIPAM":false,"sriov":{"resourceName":"r"}}""",
            labels: """{"cni.spidernet.io/rdma-resource-inject":"old","keep":"me"}""");

        var (_, patch) = await MutateAsync(obj, "UPDATE");

        var op = Assert.Single(patch!)!;
        Assert.Equal("remove", (string?)op["op"]);
        Assert.Equal("/metadata/labels/cni.spidernet.io~1rdma-resource-inject", (string?)op["path"]);
        Assert.Equal("""{"keep":"me"}""", Applied(obj, patch)["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public async Task Create_SpecFieldUnknownToTheModel_IsKeptUntouched()
    {
        var obj = Reviews.Smc("net1", """{"cniType":"macvlan","macvlan":{"master":["eth0"],"futureKnob":{"a/b~c":1}}}""");

        var (_, patch) = await MutateAsync(obj);

        Assert.DoesNotContain(patch!, op => (string?)op!["op"] == "remove");
        Assert.Equal(1, (int)Applied(obj, patch)["spec"]!["macvlan"]!["futureKnob"]!["a/b~c"]!);
    }

    [Fact]
    public async Task Create_InvalidObject_IsDeniedWithEverySchemaAndValidationErrorAsSmcValidateListsThem()
    {
        // Schema errors (vlanID above the maximum, a string where a number goes) and Core's errors (a bad MAC
        // prefix, an address that is no CIDR): the API server's schema check after this webhook would stop at the first.
        var obj = Reviews.Smc("net1", """{"cniType":"macvlan","macvlan":{"master":["eth0"],"vlanID":5000,"mtu":"big"},"coordinator":{"podMACPrefix":"zz:00","hijackCIDR":["nope"]}}""");
        var expected = MultusConfig.Core.Pipeline.SmcProcessor.Process(obj, "default", MultusConfig.Core.Pipeline.RenderProfile.Documented).Errors;

        var response = await _host.ReviewAsync(Reviews.MutatePath, Reviews.Review("CREATE", obj, null));

        Assert.False((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
        var status = response["status"]!;
        Assert.Equal((422, "Invalid"), ((int)status["code"]!, (string?)status["reason"]));
        Assert.True(expected.Count >= 4, string.Join("\n", expected));
        var causes = status["details"]!["causes"]!.AsArray().Select(c => $"{(string?)c!["field"]}: {(string?)c["message"]}").ToList();
        Assert.Equal(expected.Select(e => e.ToString()), causes);
        Assert.Equal("SpiderMultusConfig.spiderpool.spidernet.io \"net1\" is invalid: [" + string.Join(", ", expected) + "]", (string?)status["message"]);
    }

    private const string InvalidMacvlan = """{"cniType":"macvlan","macvlan":{"master":["a","b"]}}""";

    [Fact]
    public async Task Update_RemovingAFinalizerFromAnInvalidSmc_IsAllowed()
    {
        var old = Reviews.Smc("net1", InvalidMacvlan);
        old["metadata"]!["finalizers"] = new JsonArray("example.com/cleanup");
        var removed = old.DeepClone().AsObject();
        removed["metadata"]!.AsObject().Remove("finalizers");

        var response = await _host.ReviewAsync(Reviews.MutatePath, Reviews.Review("UPDATE", removed, old));

        Assert.True((bool)response["allowed"]!, response.ToJsonString());
    }

    [Fact]
    public async Task Update_OfAnInvalidSmcBeingDeleted_IsAllowed_ButChangingItsSpecIsStillDenied()
    {
        var deleting = Reviews.Smc("net1", InvalidMacvlan);
        deleting["metadata"]!["deletionTimestamp"] = "2026-01-01T00:00:00Z";
        deleting["metadata"]!["finalizers"] = new JsonArray("foregroundDeletion");
        var finalizerGone = deleting.DeepClone().AsObject();
        finalizerGone["metadata"]!.AsObject().Remove("finalizers");
        var live = Reviews.Smc("net1", InvalidMacvlan);
        var specChanged = Reviews.Smc("net1", """{"cniType":"macvlan","macvlan":{"master":["a","b","c"]}}""");

        var allowed = await _host.ReviewAsync(Reviews.MutatePath, Reviews.Review("UPDATE", finalizerGone, deleting));
        var denied = await _host.ReviewAsync(Reviews.MutatePath, Reviews.Review("UPDATE", specChanged, live));

        Assert.True((bool)allowed["allowed"]!, allowed.ToJsonString());
        Assert.False((bool)denied["allowed"]!, denied.ToJsonString());
    }

    [Fact]
    public async Task Delete_IsAllowedWithoutPatch()
    {
        var old = Reviews.Smc("net1", """{"cniType":"macvlan"}""");

        var response = await _host.ReviewAsync(Reviews.MutatePath, Reviews.Review("DELETE", null, old));

        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["patch"]);
    }
}
