using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static MultusConfig.ApiServer.Tests.TestObjects;

namespace MultusConfig.ApiServer.Tests;

/// <summary>Dynamic admission: the double calls real HTTPS webhooks with AdmissionReview v1, as kube-apiserver does.</summary>
public sealed class AdmissionTests
{
    private static V1RuleWithOperations SmcRule(params string[] operations) => new()
    {
        ApiGroups = [SmcGroup], ApiVersions = [SmcVersion], Resources = [SmcPlural], Operations = operations, Scope = "Namespaced",
    };

    private static Admissionregistrationv1WebhookClientConfig UrlConfig(WebhookServer hook, string path, string? caBundle = null) => new()
    {
        Url = hook.Url(path), CaBundle = Convert.FromBase64String(caBundle ?? hook.CaBundle),
    };

    internal static async Task RegisterValidating(Kubernetes client, Admissionregistrationv1WebhookClientConfig config, string failurePolicy = "Fail", int? timeoutSeconds = null, V1LabelSelector? namespaceSelector = null, V1LabelSelector? objectSelector = null)
    {
        await client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new V1ValidatingWebhookConfiguration
        {
            Metadata = new() { Name = "smc-validate" },
            Webhooks =
            [
                new V1ValidatingWebhook
                {
                    Name = "validate.spidermultusconfig.spidernet.io",
                    AdmissionReviewVersions = ["v1"],
                    SideEffects = "None",
                    FailurePolicy = failurePolicy,
                    TimeoutSeconds = timeoutSeconds,
                    ClientConfig = config,
                    Rules = [SmcRule("CREATE", "UPDATE")],
                    NamespaceSelector = namespaceSelector,
                    ObjectSelector = objectSelector,
                },
            ],
        });
    }

    [Fact]
    public async Task A_mutating_webhook_receives_a_complete_AdmissionReview_and_its_JSON_patch_is_applied_then_defaulted()
    {
        await using var server = await StartWithCrdsAsync();
        await using var hook = await WebhookServer.StartAsync();
        hook.Decide = _ => new JsonObject
        {
            ["allowed"] = true,
            ["patchType"] = "JSONPatch",
            ["patch"] = WebhookServer.Patch("""[{"op":"add","path":"/metadata/labels","value":{"mutated":"yes"}},{"op":"add","path":"/spec/macvlan/ippools","value":{}}]"""),
        };
        using var client = server.CreateClient();
        await client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(new V1MutatingWebhookConfiguration
        {
            Metadata = new() { Name = "smc-mutate" },
            Webhooks =
            [
                new V1MutatingWebhook
                {
                    Name = "mutate.spidermultusconfig.spidernet.io", AdmissionReviewVersions = ["v1"], SideEffects = "None",
                    ClientConfig = UrlConfig(hook, "/mutate"), Rules = [SmcRule("CREATE")],
                },
            ],
        });
        var created = await client.CreateSmcAsync(Smc("net1"));
        Assert.Equal("yes", created["metadata"]!["labels"]!["mutated"].Str());
        // The patch added ippools; the schema default below it applies after the webhook, as in the real server.
        Assert.False(created["spec"]!["macvlan"]!["ippools"]!["matchMasterSubnet"]!.GetValue<bool>());

        var request = Assert.Single(hook.Requests);
        Assert.Equal("/mutate", request["path"].Str());
        Assert.True(Guid.TryParse(request["uid"].Str(), out _));
        Assert.Equal("CREATE", request["operation"].Str());
        Assert.Equal("SpiderMultusConfig", request["kind"]!["kind"].Str());
        Assert.Equal(SmcGroup, request["kind"]!["group"].Str());
        Assert.Equal(SmcVersion, request["resource"]!["version"].Str());
        Assert.Equal(SmcPlural, request["resource"]!["resource"].Str());
        Assert.Equal("net1", request["name"].Str());
        Assert.Equal("default", request["namespace"].Str());
        Assert.Equal("kubernetes-admin", request["userInfo"]!["username"].Str());
        Assert.Equal("macvlan", request["object"]!["spec"]!["cniType"].Str());
        Assert.True(request["object"]!["spec"]!["enableCoordinator"]!.GetValue<bool>()); // defaulted before admission
        Assert.Null(request["oldObject"]);
        Assert.False(request["dryRun"]!.GetValue<bool>());
        Assert.Equal("CreateOptions", request["options"]!["kind"].Str());
    }

    [Fact]
    public async Task A_validating_webhook_denial_returns_its_code_and_the_real_denied_the_request_message()
    {
        await using var server = await StartWithCrdsAsync();
        await using var hook = await WebhookServer.StartAsync();
        hook.Decide = r => r["operation"].Str() == "UPDATE"
            ? new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["code"] = 403, ["reason"] = "Forbidden", ["message"] = "spec.cniType is immutable" } }
            : new JsonObject { ["allowed"] = true };
        using var client = server.CreateClient();
        await RegisterValidating(client, UrlConfig(hook, "/validate"));
        await client.CreateSmcAsync(Smc("net1"));
        var (code, status) = await FailureOf(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"cniType":"ipvlan"}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Equal(403, code);
        Assert.Equal("admission webhook \"validate.spidermultusconfig.spidernet.io\" denied the request: spec.cniType is immutable", status["message"].Str());
        var update = hook.Requests.Last();
        Assert.Equal("macvlan", update["oldObject"]!["spec"]!["cniType"].Str());
        Assert.Equal("ipvlan", update["object"]!["spec"]!["cniType"].Str());
    }

    [Fact]
    public async Task A_denial_without_a_code_becomes_400()
    {
        await using var server = await StartWithCrdsAsync();
        await using var hook = await WebhookServer.StartAsync();
        hook.Decide = _ => new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["message"] = "no" } };
        using var client = server.CreateClient();
        await RegisterValidating(client, UrlConfig(hook, "/validate"));
        var (code, status) = await FailureOf(() => client.CreateSmcAsync(Smc("net1")));
        Assert.Equal(400, code);
        Assert.Equal("admission webhook \"validate.spidermultusconfig.spidernet.io\" denied the request: no", status["message"].Str());
    }

    [Fact]
    public async Task A_webhook_whose_certificate_is_not_signed_by_the_caBundle_fails_closed_or_is_ignored_per_failurePolicy()
    {
        await using var hook = await WebhookServer.StartAsync();
        using var stranger = SelfSignedCertificate.Create("stranger", ["localhost"], [System.Net.IPAddress.Loopback]);
        var wrongCa = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(stranger.ExportCertificatePem()));
        foreach (var policy in new[] { "Fail", "Ignore" })
        {
            await using var server = await StartWithCrdsAsync();
            using var client = server.CreateClient();
            await RegisterValidating(client, UrlConfig(hook, "/validate", wrongCa), failurePolicy: policy);
            if (policy == "Fail")
            {
                var (code, status) = await FailureOf(() => client.CreateSmcAsync(Smc("net1")));
                Assert.Equal(500, code);
                Assert.Equal("InternalError", status["reason"].Str());
                Assert.StartsWith("Internal error occurred: failed calling webhook \"validate.spidermultusconfig.spidernet.io\": failed to call webhook: Post \"https://127.0.0.1:", status["message"].Str(), StringComparison.Ordinal);
            }
            else
            {
                await client.CreateSmcAsync(Smc("net1"));
            }
        }
        Assert.Empty(hook.Requests); // the TLS handshake failed before any review was sent
    }

    [Fact]
    public async Task A_webhook_slower_than_timeoutSeconds_fails_the_request_with_context_deadline_exceeded()
    {
        await using var server = await StartWithCrdsAsync();
        await using var hook = await WebhookServer.StartAsync();
        hook.Delay = TimeSpan.FromSeconds(5);
        using var client = server.CreateClient();
        await RegisterValidating(client, UrlConfig(hook, "/validate"), timeoutSeconds: 1);
        var (code, status) = await FailureOf(() => client.CreateSmcAsync(Smc("net1")));
        Assert.Equal(500, code);
        Assert.EndsWith("?timeout=1s\": context deadline exceeded", status["message"].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_clientConfig_resolves_through_the_test_mapping_and_verifies_the_service_dns_name()
    {
        await using var server = await StartWithCrdsAsync();
        await using var hook = await WebhookServer.StartAsync("smc-webhook.kube-system.svc");
        using var client = server.CreateClient();
        server.MapService("kube-system", "smc-webhook", hook.Port);
        await RegisterValidating(client, new Admissionregistrationv1WebhookClientConfig
        {
            Service = new Admissionregistrationv1ServiceReference { NamespaceProperty = "kube-system", Name = "smc-webhook", Path = "/validate-smc" },
            CaBundle = Convert.FromBase64String(hook.CaBundle),
        });
        await client.CreateSmcAsync(Smc("net1"));
        Assert.Equal("/validate-smc", Assert.Single(hook.Requests)["path"].Str());
    }

    [Fact]
    public async Task Namespace_and_object_selectors_decide_which_requests_reach_the_webhook()
    {
        await using var server = await StartWithCrdsAsync();
        await using var hook = await WebhookServer.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "watched", Labels = new Dictionary<string, string> { ["smc-webhook"] = "on" } } });
        await RegisterValidating(client, UrlConfig(hook, "/validate"),
            namespaceSelector: new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["smc-webhook"] = "on" } },
            objectSelector: new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "skip", OperatorProperty = "DoesNotExist" }] });
        await client.CreateSmcAsync(Smc("in-default"));
        await client.CreateSmcAsync(Smc("skipped", ns: "watched", labels: new() { ["skip"] = "true" }));
        await client.CreateSmcAsync(Smc("checked", ns: "watched"));
        Assert.Equal(["checked"], hook.Requests.Select(r => r["name"].Str()));
    }

    [Fact]
    public async Task Dry_run_requests_reach_webhooks_flagged_dryRun()
    {
        await using var server = await StartWithCrdsAsync();
        await using var hook = await WebhookServer.StartAsync();
        using var client = server.CreateClient();
        await RegisterValidating(client, UrlConfig(hook, "/validate"));
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Smc("net1"), SmcGroup, SmcVersion, "default", SmcPlural, dryRun: "All");
        Assert.True(Assert.Single(hook.Requests)["dryRun"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Webhook_configurations_are_validated_like_the_real_server()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var (code, status) = await FailureOf(() => client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new V1ValidatingWebhookConfiguration
        {
            Metadata = new() { Name = "bad" },
            Webhooks = [new V1ValidatingWebhook { Name = "short", AdmissionReviewVersions = ["v1"], SideEffects = "Some", ClientConfig = new() { Url = "https://127.0.0.1:1/" } }],
        }));
        Assert.Equal(422, code);
        var fields = status["details"]!["causes"]!.AsArray().Select(c => c!["field"].Str()).ToList();
        Assert.Contains("webhooks[0].name", fields);
        Assert.Contains("webhooks[0].sideEffects", fields);
    }

    [Fact]
    public async Task Delete_and_status_requests_reach_webhooks_that_select_them_with_oldObject_and_subResource()
    {
        await using var server = await StartWithCrdsAsync();
        await using var hook = await WebhookServer.StartAsync();
        hook.Decide = r => r["operation"].Str() == "DELETE"
            ? new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["code"] = 403, ["message"] = "in use" } }
            : new JsonObject { ["allowed"] = true };
        using var client = server.CreateClient();
        await client.CreateSmcAsync(Smc("net1"));
        await client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new V1ValidatingWebhookConfiguration
        {
            Metadata = new() { Name = "smc-guard" },
            Webhooks =
            [
                new V1ValidatingWebhook
                {
                    Name = "guard.spidermultusconfig.spidernet.io", AdmissionReviewVersions = ["v1"], SideEffects = "None",
                    ClientConfig = UrlConfig(hook, "/guard"),
                    Rules = [new V1RuleWithOperations { ApiGroups = [SmcGroup], ApiVersions = ["*"], Resources = [SmcPlural, SmcPlural + "/status"], Operations = ["DELETE", "UPDATE"] }],
                },
            ],
        });
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch("""{"status":{"networkAttachmentDefinition":"net1"}}""", V1Patch.PatchType.MergePatch), SmcGroup, SmcVersion, "default", SmcPlural, "net1");
        var status = Assert.Single(hook.Requests);
        Assert.Equal("status", status["subResource"].Str());
        Assert.Equal("UPDATE", status["operation"].Str());

        var (code, denial) = await FailureOf(() => client.CustomObjects.DeleteNamespacedCustomObjectAsync(SmcGroup, SmcVersion, "default", SmcPlural, "net1"));
        Assert.Equal(403, code);
        Assert.Equal("admission webhook \"guard.spidermultusconfig.spidernet.io\" denied the request: in use", denial["message"].Str());
        var delete = hook.Requests.Last();
        Assert.Null(delete["object"]);
        Assert.Equal("net1", delete["oldObject"]!["metadata"]!["name"].Str());
        Assert.Equal("DeleteOptions", delete["options"]!["kind"].Str());
        Assert.NotNull(server.Get($"{SmcGroup}/{SmcVersion}", "SpiderMultusConfig", "default", "net1"));
    }
}
