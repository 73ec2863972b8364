using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using MultusConfig.ApiServer;
using MultusConfig.ApiServer.Authorization;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.EndToEnd;

/// <summary>
/// Adopting an existing NAD replaces its config and ties its life to the SMC, so it needs what updating and
/// deleting that NAD needs. The API server double runs RBAC (--authorization rbac) with a token per user;
/// users act through the real kubectl, the webhook asks the double with a SubjectAccessReview.
/// </summary>
public class AdoptionAuthorizationTests
{
    private const string AdminConfig = """{"cniVersion":"0.3.1","name":"admin-net","type":"bridge","bridge":"br-admin"}""";

    // alice may write SMCs in team-a and nothing else; bob, through his group, may also update and delete NADs there.
    private const string Policy = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-a}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: smc-author}
        rules:
        - {apiGroups: [spiderpool.spidernet.io], resources: [spidermultusconfigs], verbs: [get, list, watch, create, update, patch, delete]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: smc-authors, namespace: team-a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: smc-author}
        subjects:
        - {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
        - {kind: Group, name: net-admins, apiGroup: rbac.authorization.k8s.io}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: nad-owner, namespace: team-a}
        rules:
        - {apiGroups: [k8s.cni.cncf.io], resources: [network-attachment-definitions], verbs: [get, update, delete]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: net-admins-nads, namespace: team-a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: nad-owner}
        subjects: [{kind: Group, name: net-admins, apiGroup: rbac.authorization.k8s.io}]
        """;

    private const string AdoptingSmc = """
        apiVersion: spiderpool.spidernet.io/v2beta1
        kind: SpiderMultusConfig
        metadata:
          name: my-net
          namespace: team-a
          annotations:
            multus.spidernet.io/cr-name: admin-net
        spec:
          cniType: macvlan
          macvlan:
            master: [eth0]
        """;

    private static async Task<(OperatorFixture Fixture, Kubectl Kubectl)> StartAsync(Action<OperatorOptions>? configure = null)
    {
        var f = await OperatorFixture.StartAsync(new ApiServerOptions
        {
            Tokens = new Dictionary<string, UserInfo>(StringComparer.Ordinal)
            {
                [ApiServerOptions.AdminToken] = UserInfo.Admin,
                ["alice-token"] = UserInfo.ForToken("alice", []),
                ["bob-token"] = UserInfo.ForToken("bob", ["net-admins"]),
            },
            Authorization = AuthorizationMode.Rbac,
            AllowAnonymous = false,
        });
        await WebhookEndToEndTests.RegisterWebhooksAsync(f.Client);
        WebApplication app = await f.StartOperatorAsync(configure);
        f.Server.MapService("multus-config-system", "multus-config-webhook", WebhookEndToEndTests.WebhookPort(app));
        await OperatorFixture.EventuallyAsync(() => f.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("multus-config-validating"),
            c => c.Webhooks[0].ClientConfig.CaBundle?.Length > 0, "caBundle published");
        await OperatorFixture.EventuallyAsync(() => f.Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync("multus-config-mutating"),
            c => c.Webhooks[0].ClientConfig.CaBundle?.Length > 0, "caBundle published");
        var kubectl = new Kubectl(f.Server);
        var policy = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("policy.yaml", Policy));
        Assert.True(policy.ExitCode == 0, policy.ToString());
        await f.Server.CreateAsync(new JsonObject
        {
            ["apiVersion"] = NetworkAttachmentDefinition.GroupVersion, ["kind"] = NetworkAttachmentDefinition.KindName,
            ["metadata"] = new JsonObject { ["name"] = "admin-net", ["namespace"] = "team-a" },
            ["spec"] = new JsonObject { ["config"] = AdminConfig },
        });
        return (f, kubectl);
    }

    [Fact]
    public async Task A_user_who_may_create_smcs_but_not_update_or_delete_nads_is_refused_adoption_and_the_nad_is_untouched()
    {
        var (f, kubectl) = await StartAsync();
        await using var _ = f;
        using var __ = kubectl;

        var apply = await kubectl.RunAsync("--token", "alice-token", "apply", "-f", kubectl.WriteFile("smc.yaml", AdoptingSmc));

        Assert.NotEqual(0, apply.ExitCode);
        Assert.Contains("metadata.annotations[multus.spidernet.io/cr-name]: Forbidden: NetworkAttachmentDefinition team-a/admin-net exists and no SpiderMultusConfig controls it", apply.Stderr, StringComparison.Ordinal);
        Assert.Contains("User \"alice\" cannot update or delete resource \"network-attachment-definitions\" in API group \"k8s.cni.cncf.io\" in the namespace \"team-a\"", apply.Stderr, StringComparison.Ordinal);
        var nad = await f.GetNadAsync("admin-net", "team-a");
        Assert.Equal(AdminConfig, nad!.Spec!.Config);
        Assert.Null(nad.Metadata.OwnerReferences);
        Assert.Empty(f.Server.List(SpiderMultusConfig.GroupVersion, SpiderMultusConfig.KindName, "team-a"));
        // The webhook asked about alice herself, as the API server authenticated her.
        Assert.Contains(f.Server.Requests.All, r => r.Resource == "subjectaccessreviews" && r.StatusCode == 201);
    }

    [Fact]
    public async Task A_user_allowed_to_update_and_delete_the_nad_through_a_group_may_adopt_it()
    {
        var (f, kubectl) = await StartAsync();
        await using var _ = f;
        using var __ = kubectl;

        var apply = await kubectl.RunAsync("--token", "bob-token", "apply", "-f", kubectl.WriteFile("smc.yaml", AdoptingSmc));

        Assert.True(apply.ExitCode == 0, apply.ToString());
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("admin-net", "team-a"),
            n => n.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Name == "my-net") == true, "NAD adopted by my-net");
    }

    [Fact]
    public async Task An_admin_may_adopt_an_existing_nad()
    {
        var (f, kubectl) = await StartAsync();
        await using var _ = f;
        using var __ = kubectl;

        var apply = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("smc.yaml", AdoptingSmc));

        Assert.True(apply.ExitCode == 0, apply.ToString());
        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("admin-net", "team-a"),
            n => n.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Name == "my-net") == true, "NAD adopted by my-net");
        Assert.NotEqual(AdminConfig, nad.Spec!.Config);
    }

    [Fact]
    public async Task With_adopt_false_an_existing_nad_is_never_taken_over_and_the_smc_reports_NameConflict()
    {
        var (f, kubectl) = await StartAsync(o => o.Adopt = false);
        await using var _ = f;
        using var __ = kubectl;

        var apply = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("smc.yaml", AdoptingSmc));

        Assert.True(apply.ExitCode == 0, apply.ToString());
        var smc = await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("my-net", "team-a"),
            s => s.Status?.Conditions?.Any(c => c.Reason == "NameConflict") == true, "NameConflict reported");
        Assert.Contains("adoption is off (--adopt=false)", smc.Status!.Conditions!.Single(c => c.Reason == "NameConflict").Message, StringComparison.Ordinal);
        var nad = await f.GetNadAsync("admin-net", "team-a");
        Assert.Equal(AdminConfig, nad!.Spec!.Config);
        Assert.Null(nad.Metadata.OwnerReferences);
    }
}
