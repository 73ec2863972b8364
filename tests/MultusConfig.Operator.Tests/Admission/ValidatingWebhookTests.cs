using Microsoft.Extensions.Logging;
using System.Text.Json.Nodes;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>The validating webhook over real HTTPS: every error at once, in the API server's 422 Invalid format.</summary>
public sealed class ValidatingWebhookTests : IAsyncLifetime
{
    private readonly FakeNadOwners _owners = new();
    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync(_owners);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private const string ValidMacvlan = """{"cniType":"macvlan","enableCoordinator":true,"disableIPAM":false,"macvlan":{"master":["eth0"]}}""";

    private Task<JsonObject> ValidateAsync(string operation, JsonObject? obj, JsonObject? old = null) =>
        _host.ReviewAsync(Reviews.ValidatePath, Reviews.Review(operation, obj, old));

    [Fact]
    public async Task Create_ValidObject_IsAllowed()
    {
        var response = await ValidateAsync("CREATE", Reviews.Smc("net1", ValidMacvlan));

        Assert.True((bool)response["allowed"]!);
        Assert.Null(response["status"]);
    }

    [Fact]
    public async Task Create_ObjectWithSeveralErrors_IsDeniedWith422ListingEveryErrorAndCause()
    {
        var obj = Reviews.Smc("bad-net", """
            {"cniType":"macvlan","macvlan":{"master":[]},
             "coordinator":{"podMACPrefix":"zz:00","hijackCIDR":["10.0.0.0/8","not-a-cidr"],"podRPFilter":7}}
            """, annotations: """{"multus.spidernet.io/cni-version":"9.9.9"}""");

        var response = await ValidateAsync("CREATE", obj);

        Assert.False((bool)response["allowed"]!);
        var status = response["status"]!;
        Assert.Equal(422, (int)status["code"]!);
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Equal("Failure", (string?)status["status"]);
        var details = status["details"]!;
        Assert.Equal("bad-net", (string?)details["name"]);
        Assert.Equal("spiderpool.spidernet.io", (string?)details["group"]);
        Assert.Equal("SpiderMultusConfig", (string?)details["kind"]);
        var causes = details["causes"]!.AsArray().Select(c => c!.AsObject()).ToList();
        var fields = causes.Select(c => (string)c["field"]!).ToList();
        Assert.Contains("metadata.annotations[multus.spidernet.io/cni-version]", fields);
        Assert.Contains(fields, f => f.StartsWith("spec.macvlan", StringComparison.Ordinal));
        Assert.Contains("spec.coordinator.podMACPrefix", fields);
        Assert.Contains("spec.coordinator.hijackCIDR[1]", fields);
        Assert.Contains("spec.coordinator.podRPFilter", fields);
        Assert.True(causes.Count >= 5);

        var message = (string)status["message"]!;
        Assert.StartsWith("SpiderMultusConfig.spiderpool.spidernet.io \"bad-net\" is invalid: [", message, StringComparison.Ordinal);
        Assert.EndsWith("]", message, StringComparison.Ordinal);
        foreach (var cause in causes)
        {
            Assert.StartsWith("FieldValue", (string)cause["reason"]!, StringComparison.Ordinal);
            Assert.Contains($"{cause["field"]}: {cause["message"]}", message, StringComparison.Ordinal);
        }
        Assert.Contains(causes, c => (string?)c["reason"] == "FieldValueNotSupported");
        Assert.Contains(causes, c => (string?)c["reason"] == "FieldValueInvalid");
    }

    [Fact]
    public async Task Create_SingleError_IsListedWithoutBrackets()
    {
        var response = await ValidateAsync("CREATE", Reviews.Smc("one", """{"cniType":"macvlan","enableCoordinator":true,"disableIPAM":false}"""));

        var status = response["status"]!;
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal("FieldValueRequired", (string?)cause["reason"]);
        Assert.Equal($"SpiderMultusConfig.spiderpool.spidernet.io \"one\" is invalid: {cause["field"]}: {cause["message"]}", (string?)status["message"]);
    }

    [Fact]
    public async Task Update_ChangingCrName_IsDenied()
    {
        var old = Reviews.Smc("net1", ValidMacvlan, annotations: """{"multus.spidernet.io/cr-name":"nad-a"}""");
        var changed = Reviews.Smc("net1", ValidMacvlan, annotations: """{"multus.spidernet.io/cr-name":"nad-b"}""");

        var response = await ValidateAsync("UPDATE", changed, old);

        Assert.False((bool)response["allowed"]!);
        var cause = Assert.Single(response["status"]!["details"]!["causes"]!.AsArray())!;
        Assert.Equal("metadata.annotations[multus.spidernet.io/cr-name]", (string?)cause["field"]);
        Assert.Equal("FieldValueInvalid", (string?)cause["reason"]);
    }

    [Fact]
    public async Task Update_AddingOrRemovingCrName_IsDenied()
    {
        var plain = Reviews.Smc("net1", ValidMacvlan);
        var named = Reviews.Smc("net1", ValidMacvlan, annotations: """{"multus.spidernet.io/cr-name":"nad-a"}""");

        var added = await ValidateAsync("UPDATE", named, plain);
        var removed = await ValidateAsync("UPDATE", plain, named);

        Assert.False((bool)added["allowed"]!);
        Assert.False((bool)removed["allowed"]!);
    }

    [Fact]
    public async Task Update_KeepingCrNameAndChangingSpec_IsAllowed()
    {
        var old = Reviews.Smc("net1", ValidMacvlan, annotations: """{"multus.spidernet.io/cr-name":"nad-a"}""");
        var changed = Reviews.Smc("net1", """{"cniType":"ipvlan","enableCoordinator":true,"disableIPAM":false,"ipvlan":{"master":["eth1"]}}""",
            annotations: """{"multus.spidernet.io/cr-name":"nad-a"}""");

        var response = await ValidateAsync("UPDATE", changed, old);

        Assert.True((bool)response["allowed"]!, response.ToJsonString());
    }

    [Fact]
    public async Task Delete_IsAllowed()
    {
        var response = await ValidateAsync("DELETE", null, Reviews.Smc("net1", """{"cniType":"macvlan"}"""));

        Assert.True((bool)response["allowed"]!);
    }

    [Fact]
    public async Task Create_TargetNadOwnedByAnotherSmc_IsDeniedOnMetadataName()
    {
        _owners.Owners[("default", "net1")] = "other";

        var response = await ValidateAsync("CREATE", Reviews.Smc("net1", ValidMacvlan));

        Assert.False((bool)response["allowed"]!);
        var cause = Assert.Single(response["status"]!["details"]!["causes"]!.AsArray())!;
        Assert.Equal("metadata.name", (string?)cause["field"]);
        Assert.Contains("the NAD default/net1 already exists and is managed by SpiderMultusConfig default/other", (string?)cause["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_CrNameTargetingNadOfAnotherSmc_IsDeniedOnTheAnnotation()
    {
        _owners.Owners[("team-a", "shared")] = "owner";
        var obj = Reviews.Smc("mine", ValidMacvlan, annotations: """{"multus.spidernet.io/cr-name":"shared"}""", ns: "team-a");

        var response = await ValidateAsync("CREATE", obj);

        var cause = Assert.Single(response["status"]!["details"]!["causes"]!.AsArray())!;
        Assert.Equal("metadata.annotations[multus.spidernet.io/cr-name]", (string?)cause["field"]);
        Assert.Contains("the NAD team-a/shared already exists and is managed by SpiderMultusConfig team-a/owner", (string?)response["status"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NadOwnedBySameSmcOrInAnotherNamespace_IsAllowed()
    {
        _owners.Owners[("default", "net1")] = "net1";
        _owners.Owners[("elsewhere", "net2")] = "other";

        var same = await ValidateAsync("CREATE", Reviews.Smc("net1", ValidMacvlan));
        var otherNamespace = await ValidateAsync("CREATE", Reviews.Smc("net2", ValidMacvlan));

        Assert.True((bool)same["allowed"]!);
        Assert.True((bool)otherNamespace["allowed"]!);
    }

    [Fact]
    public async Task The_webhook_asks_whether_a_controlling_smc_still_exists_only_when_the_answer_decides()
    {
        _owners.Owners[("default", "net1")] = "net1"; // its own name: an earlier object of this name, never asked
        _owners.OtherControllers[("default", "net2")] = new k8s.Models.V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "installer", Uid = "u1", Controller = true };
        _owners.Owners[("default", "net3")] = "other"; // another SMC: only the API server knows whether it is alive

        await ValidateAsync("CREATE", Reviews.Smc("net1", ValidMacvlan));
        await ValidateAsync("CREATE", Reviews.Smc("net2", ValidMacvlan));
        Assert.Equal(0, _owners.LivenessQuestions);

        var taken = await ValidateAsync("CREATE", Reviews.Smc("net3", ValidMacvlan));
        Assert.Equal(1, _owners.LivenessQuestions);
        Assert.False((bool)taken["allowed"]!);
    }

    private const string InvalidMacvlan = """{"cniType":"macvlan","macvlan":{"master":["a","b"]}}""";

    [Fact]
    public async Task Update_RemovingAFinalizerFromAnInvalidSmc_IsAllowed()
    {
        var old = Reviews.Smc("net1", InvalidMacvlan);
        old["metadata"]!["finalizers"] = new JsonArray("example.com/cleanup");
        var removed = old.DeepClone().AsObject();
        removed["metadata"]!.AsObject().Remove("finalizers");

        var response = await ValidateAsync("UPDATE", removed, old);

        Assert.True((bool)response["allowed"]!, response.ToJsonString());
    }

    [Fact]
    public async Task Update_OfAConflictingSmcBeingDeleted_IsAllowed()
    {
        _owners.Owners[("default", "shared")] = "other";
        var old = Reviews.Smc("mine", ValidMacvlan, annotations: """{"multus.spidernet.io/cr-name":"shared"}""");
        old["metadata"]!["finalizers"] = new JsonArray("foregroundDeletion");
        var deleting = old.DeepClone().AsObject();
        deleting["metadata"]!["deletionTimestamp"] = "2026-01-01T00:00:00Z";
        var finalizerGone = deleting.DeepClone().AsObject();
        finalizerGone["metadata"]!.AsObject().Remove("finalizers");

        var response = await ValidateAsync("UPDATE", finalizerGone, deleting);

        Assert.True((bool)response["allowed"]!, response.ToJsonString());
    }

    [Fact]
    public async Task Update_ChangingOnlyLabelsOfAConflictingSmc_IsAllowed_ButChangingItsSpecIsStillDenied()
    {
        _owners.Owners[("default", "shared")] = "other";
        var old = Reviews.Smc("mine", ValidMacvlan, annotations: """{"multus.spidernet.io/cr-name":"shared"}""");
        var labelled = Reviews.Smc("mine", ValidMacvlan, annotations: """{"multus.spidernet.io/cr-name":"shared"}""", labels: """{"team":"blue"}""");
        var respecced = Reviews.Smc("mine", """{"cniType":"ipvlan","ipvlan":{"master":["eth1"]}}""", annotations: """{"multus.spidernet.io/cr-name":"shared"}""");

        var labels = await ValidateAsync("UPDATE", labelled, old);
        var spec = await ValidateAsync("UPDATE", respecced, old);

        Assert.True((bool)labels["allowed"]!, labels.ToJsonString());
        Assert.False((bool)spec["allowed"]!);
    }

    [Fact]
    public async Task Create_CrNameTargetingNadWhoseControllingSmcWasDeleted_IsAllowed_AsTheReconcilerAdoptsIt()
    {
        _owners.Owners[("default", "shared")] = "gone";
        _owners.DeletedSmcs.Add(("default", "gone"));

        var response = await ValidateAsync("CREATE", Reviews.Smc("mine", ValidMacvlan, annotations: """{"multus.spidernet.io/cr-name":"shared"}"""));

        Assert.True((bool)response["allowed"]!, response.ToJsonString());
    }

    [Fact]
    public async Task Create_TargetNadControlledByAnotherKind_IsDenied_AsTheReconcilerReportsNameConflict()
    {
        _owners.OtherControllers[("default", "net1")] = new k8s.Models.V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "installer", Uid = "u1", Controller = true };

        var response = await ValidateAsync("CREATE", Reviews.Smc("net1", ValidMacvlan));

        Assert.False((bool)response["allowed"]!);
        var cause = Assert.Single(response["status"]!["details"]!["causes"]!.AsArray())!;
        Assert.Equal("metadata.name", (string?)cause["field"]);
        Assert.Contains("controlled by Deployment default/installer", (string?)cause["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_WhoseObjectNamesAnotherNamespaceThanTheRequest_IsRefusedWithoutRevealingThatNamespacesNads()
    {
        _owners.Owners[("victim", "net1")] = "secret-owner";
        var review = Reviews.Review("CREATE", Reviews.Smc("net1", ValidMacvlan, ns: "victim"));
        review["request"]!["namespace"] = "attacker";

        var response = await _host.ReviewAsync(Reviews.ValidatePath, review);

        Assert.False((bool)response["allowed"]!);
        Assert.Equal(400, (int)response["status"]!["code"]!);
        Assert.Contains("differs from request.namespace", (string?)response["status"]!["message"], StringComparison.Ordinal);
        Assert.DoesNotContain("secret-owner", response.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ObjectWithoutNamespace_IsCheckedForConflictsInTheRequestNamespace()
    {
        _owners.Owners[("team-a", "net1")] = "other";
        var obj = Reviews.Smc("net1", ValidMacvlan, ns: "team-a");
        var review = Reviews.Review("CREATE", obj);
        review["request"]!["object"]!["metadata"]!.AsObject().Remove("namespace");

        var response = await _host.ReviewAsync(Reviews.ValidatePath, review);

        Assert.False((bool)response["allowed"]!);
        Assert.Contains("the NAD team-a/net1 already exists", (string?)response["status"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WhenTheNadCacheIsNotSynced_SkipsTheConflictCheck()
    {
        var unsynced = new FakeNadOwners(ready: false);
        unsynced.Owners[("default", "net1")] = "other";
        await using var host = await WebhookHost.StartAsync(unsynced);

        var response = await host.ReviewAsync(Reviews.ValidatePath, Reviews.Review("CREATE", Reviews.Smc("net1", ValidMacvlan)));

        Assert.True((bool)response["allowed"]!);
    }

    [Fact]
    public async Task Create_WhenTheHandlerThrows_AnswersAnInternalErrorDenialAndLogsIt()
    {
        _owners.Failure = new InvalidOperationException("cache exploded");
        var review = Reviews.Review("CREATE", Reviews.Smc("net1", ValidMacvlan), uid: "uid-boom");

        var response = await _host.ReviewAsync(Reviews.ValidatePath, review);

        Assert.False((bool)response["allowed"]!);
        Assert.Equal(500, (int)response["status"]!["code"]!);
        Assert.Equal("InternalError", (string?)response["status"]!["reason"]);
        Assert.Contains("uid-boom", (string?)response["status"]!["message"], StringComparison.Ordinal);
        Assert.DoesNotContain("cache exploded", (string?)response["status"]!["message"], StringComparison.Ordinal);
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "cache exploded" && e.Message.Contains("uid-boom", StringComparison.Ordinal));
    }
}
