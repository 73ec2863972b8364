using System.Net;
using System.Text.Json.Nodes;
using System.Web;
using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Kube;

/// <summary>Every kind of call the operator makes, through the operator's own client, against the double over HTTPS.</summary>
public sealed class KubeClientCallTests
{
    private static readonly KubeJsonContext Json = KubeJsonContext.Default;

    private static SpiderMultusConfig Smc(string name, string master = "eth1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team1" },
        Spec = new SpiderMultusConfigSpec { CniType = "macvlan", Macvlan = new MacvlanConfig { Master = [master] } },
    };

    private static NetworkAttachmentDefinition Nad(string name, string config = "{}") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team1", Labels = new Dictionary<string, string> { ["tier"] = name.EndsWith('x') ? "x" : "y" } },
        Spec = new NetworkAttachmentDefinitionSpec { Config = config },
    };

    [Fact]
    public async Task An_SMC_is_created_read_replaced_and_its_status_merge_patched()
    {
        await using var k = await KubeDouble.StartAsync();
        var smcs = KubeResources.SpiderMultusConfigs;

        var created = await k.Client.CreateAsync(smcs, "team1", Smc("net-a"), Json.SpiderMultusConfig, fieldManager: "kube-tests");
        var read = await k.Client.GetAsync(smcs, "team1", "net-a", Json.SpiderMultusConfig);
        read.Spec!.Macvlan!.Master = ["eth2"];
        var replaced = await k.Client.ReplaceAsync(smcs, "team1", "net-a", read, Json.SpiderMultusConfig);
        var patched = await k.Client.PatchAsync(smcs, "team1", "net-a", KubePatch.Merge("""{"status":{"observedGeneration":2,"networkAttachmentDefinition":"team1/net-a"}}"""),
            Json.SpiderMultusConfig, subresource: "status");

        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal(["eth2"], replaced.Spec!.Macvlan!.Master);
        Assert.Equal(2, replaced.Metadata.Generation);
        Assert.Equal("team1/net-a", patched.Status!.NetworkAttachmentDefinition);
        var stored = k.Server.Get(SpiderMultusConfig.GroupVersion, SpiderMultusConfig.KindName, "team1", "net-a")!;
        Assert.Equal(2, (long)stored["status"]!["observedGeneration"]!);
        var patch = k.Server.Requests.All.Single(r => r.Verb == "patch");
        Assert.Equal(("status", "application/merge-patch+json"), (patch.Subresource, patch.ContentType));
        Assert.Contains("fieldManager=kube-tests", k.Server.Requests.All.Single(r => r.Verb == "create" && r.Resource == "spidermultusconfigs").Query, StringComparison.Ordinal);
        Assert.All(k.Server.Requests.All, r => Assert.Equal("kube-tests", r.UserAgent));
    }

    [Fact]
    public async Task Listing_all_pages_returns_every_item_and_only_the_first_page_asks_for_a_resourceVersion()
    {
        await using var k = await KubeDouble.StartAsync();
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
            await k.Client.CreateAsync(KubeResources.NetworkAttachmentDefinitions, "team1", Nad(name), Json.NetworkAttachmentDefinition);
        k.Server.Requests.Clear();

        var all = await k.Client.ListAllAsync<NetworkAttachmentDefinition, NetworkAttachmentDefinitionList>(KubeResources.NetworkAttachmentDefinitions, "team1",
            new ListOptions { Limit = 2, ResourceVersion = k.Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), ResourceVersionMatch = "NotOlderThan" }, Json.NetworkAttachmentDefinitionList);

        Assert.Equal(["a", "b", "c", "d", "e"], all.Items.Select(n => n.Metadata.Name));
        Assert.Equal(k.Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), all.ResourceVersion);
        var lists = k.Server.Requests.All.Where(r => r.Verb == "list").Select(r => HttpUtility.ParseQueryString(r.Query)).ToList();
        Assert.Equal(3, lists.Count);
        Assert.Equal((null, "NotOlderThan"), (lists[0]["continue"], lists[0]["resourceVersionMatch"]));
        Assert.All(lists, q => Assert.Equal("2", q["limit"]));
        Assert.All(lists.Skip(1), q => Assert.NotNull(q["continue"]));
        Assert.All(lists.Skip(1), q => Assert.Null(q["resourceVersion"] ?? q["resourceVersionMatch"]));
    }

    [Fact]
    public async Task A_list_page_sends_its_selectors_and_resourceVersion_and_the_server_filters_by_them()
    {
        await using var k = await KubeDouble.StartAsync();
        foreach (var name in new[] { "ax", "b", "cx" })
            await k.Client.CreateAsync(KubeResources.NetworkAttachmentDefinitions, "team1", Nad(name), Json.NetworkAttachmentDefinition);

        var page = await k.Client.ListAsync(KubeResources.NetworkAttachmentDefinitions, null,
            new ListOptions { LabelSelector = "tier=x", FieldSelector = "metadata.name!=cx", ResourceVersion = "0", ResourceVersionMatch = "NotOlderThan" }, Json.NetworkAttachmentDefinitionList);

        Assert.Equal(["ax"], page.Items.Select(n => n.Metadata.Name));
        var query = HttpUtility.ParseQueryString(k.Server.Requests.All.Last(r => r.Verb == "list").Query);
        Assert.Equal(("tier=x", "metadata.name!=cx", "0", "NotOlderThan"), (query["labelSelector"], query["fieldSelector"], query["resourceVersion"], query["resourceVersionMatch"]));
    }

    [Fact]
    public async Task A_Secret_is_read_and_replaced_with_its_data_as_bytes_and_listed_by_field_selector()
    {
        await using var k = await KubeDouble.StartAsync();
        await k.Client.CreateAsync(KubeResources.Secrets, "team1", new V1Secret { Metadata = new() { Name = "certs" }, Data = new Dictionary<string, byte[]> { ["tls.crt"] = [1, 2, 3] } }, Json.V1Secret);
        await k.Client.CreateAsync(KubeResources.Secrets, "team1", new V1Secret { Metadata = new() { Name = "other" } }, Json.V1Secret);

        var secret = await k.Client.GetAsync(KubeResources.Secrets, "team1", "certs", Json.V1Secret);
        secret.Data["tls.key"] = [4, 5];
        await k.Client.ReplaceAsync(KubeResources.Secrets, "team1", "certs", secret, Json.V1Secret);
        var listed = await k.Client.ListAsync(KubeResources.Secrets, "team1", new ListOptions { FieldSelector = "metadata.name=certs" }, Json.V1SecretList);

        Assert.Equal([1, 2, 3], secret.Data["tls.crt"]);
        var stored = k.Server.Get("v1", "Secret", "team1", "certs")!;
        Assert.Equal(Convert.ToBase64String([4, 5]), (string)stored["data"]!["tls.key"]!);
        Assert.Equal("certs", Assert.Single(listed.Items).Metadata.Name);
    }

    [Fact]
    public async Task Webhook_configurations_take_a_json_patch_and_a_merge_patch_and_are_listed_by_name()
    {
        await using var k = await KubeDouble.StartAsync();
        await k.Server.CreateAsync(JsonNode.Parse("""
            {"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration","metadata":{"name":"smc-mutate"},
             "webhooks":[{"name":"mutate.smc.example.io","admissionReviewVersions":["v1"],"sideEffects":"None","clientConfig":{"service":{"namespace":"ns","name":"svc"}}}]}
            """)!.AsObject());
        var ca = "-----BEGIN CERTIFICATE-----\n"u8.ToArray();

        var patched = await k.Client.PatchAsync(KubeResources.MutatingWebhookConfigurations, null, "smc-mutate",
            KubePatch.Json($$"""[{"op":"add","path":"/webhooks/0/clientConfig/caBundle","value":"{{Convert.ToBase64String(ca)}}"}]"""), Json.V1MutatingWebhookConfiguration);
        var merged = await k.Client.PatchAsync(KubeResources.MutatingWebhookConfigurations, null, "smc-mutate",
            KubePatch.Merge("""{"metadata":{"labels":{"patched":"yes"}}}"""), Json.V1MutatingWebhookConfiguration);
        var listed = await k.Client.ListAsync(KubeResources.MutatingWebhookConfigurations, null, new ListOptions { FieldSelector = "metadata.name=smc-mutate" }, Json.V1MutatingWebhookConfigurationList);

        Assert.Equal(ca, patched.Webhooks[0].ClientConfig.CaBundle);
        Assert.Equal("yes", merged.Metadata.Labels["patched"]);
        Assert.Equal(ca, Assert.Single(listed.Items).Webhooks[0].ClientConfig.CaBundle);
        Assert.Contains(k.Server.Requests.All, r => r.Verb == "patch" && r.ContentType == "application/json-patch+json");
    }

    [Fact]
    public async Task A_Lease_is_created_and_replaced_with_times_the_API_server_reads_as_MicroTime()
    {
        await using var k = await KubeDouble.StartAsync();
        var renew = new DateTime(2026, 12, 3, 17, 0, 0, DateTimeKind.Utc).AddTicks(1234567);
        var lease = new V1Lease { Metadata = new() { Name = "leader" }, Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15, RenewTime = renew, AcquireTime = renew } };

        var created = await k.Client.CreateAsync(KubeResources.Leases, "team1", lease, Json.V1Lease);
        created.Spec.HolderIdentity = "b";
        var replaced = await k.Client.ReplaceAsync(KubeResources.Leases, "team1", "leader", created, Json.V1Lease);
        var read = await k.Client.GetAsync(KubeResources.Leases, "team1", "leader", Json.V1Lease);

        Assert.Equal("b", read.Spec.HolderIdentity);
        Assert.Equal(replaced.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        // Six fractional digits, as Go's RFC3339Micro layout requires; read back in UTC to the microsecond.
        Assert.Equal("2026-12-03T17:00:00.123456Z", (string)k.Server.Get("coordination.k8s.io/v1", "Lease", "team1", "leader")!["spec"]!["renewTime"]!);
        Assert.Equal(renew.AddTicks(-7), read.Spec.RenewTime);
        Assert.Equal(DateTimeKind.Utc, read.Spec.RenewTime!.Value.Kind);
    }

    [Fact]
    public async Task A_Namespace_is_read_an_Event_created_and_Token_and_SubjectAccessReviews_answered()
    {
        await using var k = await KubeDouble.StartAsync();

        var ns = await k.Client.GetAsync(KubeResources.Namespaces, null, "team1", Json.V1Namespace);
        var ev = await k.Client.CreateAsync(KubeResources.Events, "team1", new Corev1Event
        {
            Metadata = new() { Name = "net-a.1", NamespaceProperty = "team1" },
            InvolvedObject = new V1ObjectReference { Kind = "SpiderMultusConfig", Name = "net-a", NamespaceProperty = "team1" },
            Reason = "Synced", Message = "ok", Type = "Normal", Count = 1,
            FirstTimestamp = DateTime.UtcNow, LastTimestamp = DateTime.UtcNow,
        }, Json.Corev1Event);
        var review = await k.Client.CreateAsync(KubeResources.TokenReviews, null, new V1TokenReview { Spec = new V1TokenReviewSpec { Token = MultusConfig.ApiServer.ApiServerOptions.AdminToken } }, Json.V1TokenReview);
        var access = await k.Client.CreateAsync(KubeResources.SubjectAccessReviews, null, new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec { User = review.Status.User.Username, Groups = review.Status.User.Groups, ResourceAttributes = new V1ResourceAttributes { Verb = "get", Resource = "secrets", NamespaceProperty = "team1" } },
        }, Json.V1SubjectAccessReview);

        Assert.Equal("team1", ns.Metadata.Name);
        Assert.Equal("Synced", ev.Reason);
        Assert.True(review.Status.Authenticated);
        Assert.True(access.Status.Allowed);
    }

    [Fact]
    public async Task A_deleted_object_is_gone_and_deleting_it_again_is_404_NotFound()
    {
        await using var k = await KubeDouble.StartAsync();
        await k.Client.CreateAsync(KubeResources.NetworkAttachmentDefinitions, "team1", Nad("gone"), Json.NetworkAttachmentDefinition);

        await k.Client.DeleteAsync(KubeResources.NetworkAttachmentDefinitions, "team1", "gone", new V1DeleteOptions { PropagationPolicy = "Background" });
        var again = await Assert.ThrowsAsync<KubeApiException>(() => k.Client.DeleteAsync(KubeResources.NetworkAttachmentDefinitions, "team1", "gone"));
        var read = await Assert.ThrowsAsync<KubeApiException>(() => k.Client.GetAsync(KubeResources.NetworkAttachmentDefinitions, "team1", "gone", Json.NetworkAttachmentDefinition));

        Assert.Null(k.Server.Get(NetworkAttachmentDefinition.GroupVersion, NetworkAttachmentDefinition.KindName, "team1", "gone"));
        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), (again.StatusCode, again.Reason));
        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), (read.StatusCode, read.Reason));
        Assert.Contains("\"gone\" not found", read.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Status\"", read.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replacing_with_a_stale_resourceVersion_is_409_Conflict_and_creating_an_existing_name_409_AlreadyExists()
    {
        await using var k = await KubeDouble.StartAsync();
        var first = await k.Client.CreateAsync(KubeResources.NetworkAttachmentDefinitions, "team1", Nad("n"), Json.NetworkAttachmentDefinition);
        var stale = await k.Client.GetAsync(KubeResources.NetworkAttachmentDefinitions, "team1", "n", Json.NetworkAttachmentDefinition);
        first.Spec.Config = """{"changed":true}""";
        await k.Client.ReplaceAsync(KubeResources.NetworkAttachmentDefinitions, "team1", "n", first, Json.NetworkAttachmentDefinition);

        var conflict = await Assert.ThrowsAsync<KubeApiException>(() => k.Client.ReplaceAsync(KubeResources.NetworkAttachmentDefinitions, "team1", "n", stale, Json.NetworkAttachmentDefinition));
        var exists = await Assert.ThrowsAsync<KubeApiException>(() => k.Client.CreateAsync(KubeResources.NetworkAttachmentDefinitions, "team1", Nad("n"), Json.NetworkAttachmentDefinition));

        Assert.Equal((HttpStatusCode.Conflict, "Conflict"), (conflict.StatusCode, conflict.Reason));
        Assert.Equal((HttpStatusCode.Conflict, "AlreadyExists"), (exists.StatusCode, exists.Reason));
    }

    [Fact]
    public async Task A_429_surfaces_its_Retry_After_and_is_not_retried_by_the_client()
    {
        await using var k = await KubeDouble.StartAsync();
        k.Server.Faults.FailNext(1, 429, "list", "network-attachment-definitions", retryAfterSeconds: 7);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => k.Client.ListAsync(KubeResources.NetworkAttachmentDefinitions, "team1", null, Json.NetworkAttachmentDefinitionList));

        Assert.Equal((HttpStatusCode.TooManyRequests, "TooManyRequests", TimeSpan.FromSeconds(7)), (e.StatusCode, e.Reason, e.RetryAfter));
        Assert.Equal(1, k.Server.Requests.Count("list", "network-attachment-definitions"));
    }

    [Theory]
    [InlineData(500, "InternalError")]
    [InlineData(503, "ServiceUnavailable")]
    public async Task A_server_error_surfaces_with_its_reason_and_is_not_retried_by_the_client(int code, string reason)
    {
        await using var k = await KubeDouble.StartAsync();
        k.Server.Faults.FailNext(1, code, "get", "spidermultusconfigs");

        var e = await Assert.ThrowsAsync<KubeApiException>(() => k.Client.GetAsync(KubeResources.SpiderMultusConfigs, "team1", "x", Json.SpiderMultusConfig));

        Assert.Equal(((HttpStatusCode)code, reason), (e.StatusCode, e.Reason));
        Assert.Contains("injected fault", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, k.Server.Requests.Count("get", "spidermultusconfigs"));
    }

    [Fact]
    public async Task A_410_on_a_list_page_surfaces_as_Expired()
    {
        await using var k = await KubeDouble.StartAsync();
        k.Server.Faults.FailNext(1, 410, "list", "spidermultusconfigs");

        var e = await Assert.ThrowsAsync<KubeApiException>(() => k.Client.ListAllAsync<SpiderMultusConfig, SpiderMultusConfigList>(KubeResources.SpiderMultusConfigs, null, new ListOptions { Limit = 10 }, Json.SpiderMultusConfigList));

        Assert.Equal((HttpStatusCode.Gone, "Expired"), (e.StatusCode, e.Reason));
    }

    [Fact]
    public async Task A_call_slower_than_the_request_timeout_ends_in_a_timeout_distinct_from_the_callers_cancellation()
    {
        await using var k = await KubeDouble.StartAsync();
        using var client = k.NewClient(c => c with { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        k.Server.Faults.Delay(TimeSpan.FromMinutes(5), "get", "spidermultusconfigs");
        using var caller = new CancellationTokenSource();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(KubeResources.SpiderMultusConfigs, "team1", "x", Json.SpiderMultusConfig, caller.Token));

        Assert.IsType<TimeoutException>(e.InnerException);
        Assert.False(caller.IsCancellationRequested);
        k.Server.Faults.Clear();
    }

    [Fact]
    public async Task Cancelling_a_call_surfaces_the_callers_own_cancellation_not_a_timeout()
    {
        await using var k = await KubeDouble.StartAsync();
        k.Server.Faults.Delay(TimeSpan.FromMinutes(5), "get", "spidermultusconfigs");
        using var caller = new CancellationTokenSource();
        var call = k.Client.GetAsync(KubeResources.SpiderMultusConfigs, "team1", "x", Json.SpiderMultusConfig, caller.Token);
        await Eventually.UntilAsync(() => k.Server.Requests.Count("get", "spidermultusconfigs") == 1, "the request reached the server");

        await caller.CancelAsync();
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.Equal(caller.Token, e.CancellationToken);
        Assert.IsNotType<TimeoutException>(e.InnerException);
        k.Server.Faults.Clear();
    }

    [Fact]
    public async Task A_server_that_went_away_is_an_HttpRequestException()
    {
        await using var k = await KubeDouble.StartAsync();
        await k.Client.GetAsync(KubeResources.Namespaces, null, "team1", Json.V1Namespace);

        await k.Server.StopServingAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => k.Client.GetAsync(KubeResources.Namespaces, null, "team1", Json.V1Namespace));
    }
}
