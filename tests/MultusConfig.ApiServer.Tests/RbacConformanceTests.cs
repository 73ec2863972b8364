using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MultusConfig.ApiServer.Authorization;

namespace MultusConfig.ApiServer.Tests;

/// <summary>
/// The double's RBAC (--authorization rbac) answers as Kubernetes does, asked through the real
/// <c>kubectl auth can-i</c> (a SelfSubjectAccessReview) with each user's own token; the expected answers
/// follow the rules of plugin/pkg/auth/authorizer/rbac: roles and cluster roles, both binding kinds,
/// User, Group and ServiceAccount subjects, resourceNames, subresources, wildcards and non-resource URLs.
/// </summary>
public sealed class RbacConformanceTests
{
    private const string Policy = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-a}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-b}
        ---
        # A Role bound to a User in its namespace.
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: cm-reader, namespace: team-a}
        rules:
        - {apiGroups: [""], resources: [configmaps], verbs: [get, list]}
        - {apiGroups: [""], resources: [secrets], resourceNames: [app-secret], verbs: [get]}
        - {apiGroups: [apps], resources: [deployments/scale], verbs: [update]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: alice-cm-reader, namespace: team-a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cm-reader}
        subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
        ---
        # A ClusterRole bound by a RoleBinding to a Group: only inside team-b.
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: nad-editor}
        rules:
        - {apiGroups: [k8s.cni.cncf.io], resources: [network-attachment-definitions], verbs: [update, delete]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: editors-nads, namespace: team-b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: nad-editor}
        subjects: [{kind: Group, name: editors, apiGroup: rbac.authorization.k8s.io}]
        ---
        # A ClusterRoleBinding to a ServiceAccount: everywhere.
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: smc-creator}
        rules:
        - {apiGroups: [spiderpool.spidernet.io], resources: [spidermultusconfigs], verbs: [create]}
        - {nonResourceURLs: [/metrics], verbs: [get]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: builder-smc-creator}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: smc-creator}
        subjects: [{kind: ServiceAccount, name: builder, namespace: team-a}]
        ---
        # Wildcards, bound to every service account of team-b, and a namespace-less ServiceAccount subject.
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: viewer}
        rules:
        - {apiGroups: ["*"], resources: ["*"], verbs: [get]}
        - {nonResourceURLs: ["/debug/*"], verbs: ["*"]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: team-b-sas-view}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: viewer}
        subjects: [{kind: Group, name: "system:serviceaccounts:team-b", apiGroup: rbac.authorization.k8s.io}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: scaler, namespace: team-b}
        rules:
        - {apiGroups: ["*"], resources: ["*/scale"], verbs: ["*"]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: local-sa-scaler, namespace: team-b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: scaler}
        subjects: [{kind: ServiceAccount, name: scaler}]
        """;

    private static readonly Dictionary<string, UserInfo> Tokens = new(StringComparer.Ordinal)
    {
        [ApiServerOptions.AdminToken] = UserInfo.Admin,
        ["alice-token"] = UserInfo.ForToken("alice", []),
        ["bob-token"] = UserInfo.ForToken("bob", ["editors"]),
        ["builder-token"] = UserInfo.ForToken("system:serviceaccount:team-a:builder", []),
        ["scaler-token"] = UserInfo.ForToken("system:serviceaccount:team-b:scaler", []),
        ["carol-token"] = UserInfo.ForToken("carol", []),
    };

    private static async Task<(ApiServerDouble Server, Kubectl Kubectl)> StartAsync()
    {
        var server = await ApiServerDouble.StartAsync(new ApiServerOptions { Tokens = Tokens, Authorization = AuthorizationMode.Rbac, AllowAnonymous = false });
        await server.LoadManifestsAsync(RepoPaths.SmcCrd, RepoPaths.NadCrd);
        var kubectl = new Kubectl(server);
        var apply = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("policy.yaml", Policy));
        Assert.True(apply.ExitCode == 0, apply.ToString());
        return (server, kubectl);
    }

    [Theory]
    // A Role through a RoleBinding: its verbs, its resources, its namespace only.
    [InlineData("alice", "yes", "get", "configmaps", "-n", "team-a")]
    [InlineData("alice", "yes", "list", "configmaps", "-n", "team-a")]
    [InlineData("alice", "no", "delete", "configmaps", "-n", "team-a")]
    [InlineData("alice", "no", "get", "configmaps", "-n", "team-b")]
    [InlineData("alice", "no", "get", "configmaps", "-A")]
    // resourceNames: that name only, and never list.
    [InlineData("alice", "yes", "get", "secrets/app-secret", "-n", "team-a")]
    [InlineData("alice", "no", "get", "secrets/other", "-n", "team-a")]
    [InlineData("alice", "no", "list", "secrets", "-n", "team-a")]
    // A subresource rule covers the subresource, not the resource.
    [InlineData("alice", "yes", "update", "deployments.apps", "--subresource=scale", "-n", "team-a")]
    [InlineData("alice", "no", "update", "deployments.apps", "-n", "team-a")]
    // A ClusterRole through a RoleBinding to a Group: namespaced effect.
    [InlineData("bob", "yes", "update", "network-attachment-definitions", "-n", "team-b")]
    [InlineData("bob", "yes", "delete", "net-attach-def", "-n", "team-b")]
    [InlineData("bob", "no", "update", "network-attachment-definitions", "-n", "team-a")]
    [InlineData("bob", "no", "create", "network-attachment-definitions", "-n", "team-b")]
    // A ClusterRoleBinding to a ServiceAccount: every namespace, and its non-resource URL.
    [InlineData("builder", "yes", "create", "spidermultusconfigs", "-n", "team-a")]
    [InlineData("builder", "yes", "create", "smc", "-n", "kube-system")]
    [InlineData("builder", "no", "delete", "smc", "-n", "team-a")]
    [InlineData("builder", "yes", "get", "/metrics")]
    [InlineData("carol", "no", "get", "/metrics")]
    [InlineData("carol", "no", "create", "smc", "-n", "team-a")]
    // Wildcards through the system:serviceaccounts:NS group; "*/scale"; a namespace-less SA subject means the binding's namespace.
    [InlineData("scaler", "yes", "get", "secrets", "-n", "kube-system")]
    [InlineData("scaler", "yes", "get", "clusterroles")]
    [InlineData("scaler", "no", "list", "secrets", "-n", "team-b")]
    [InlineData("scaler", "yes", "patch", "deployments.apps", "--subresource=scale", "-n", "team-b")]
    [InlineData("scaler", "no", "patch", "deployments.apps", "--subresource=scale", "-n", "team-a")]
    [InlineData("scaler", "yes", "post", "/debug/pprof/profile")]
    [InlineData("scaler", "no", "get", "/metrics")]
    // system:masters is allowed everything, with no binding at all.
    [InlineData("admin", "yes", "delete", "network-attachment-definitions", "-n", "team-a")]
    public async Task Kubectl_auth_can_i_answers_as_kubernetes_rbac_does(string user, string expected, params string[] question)
    {
        var (server, kubectl) = await StartAsync();
        await using var _ = server;
        using var __ = kubectl;
        var token = user == "admin" ? ApiServerOptions.AdminToken : user + "-token";

        var answer = await kubectl.RunAsync(["--token", token, "auth", "can-i", .. question]);

        Assert.True(answer.Stdout.Trim() == expected, $"{user} {string.Join(' ', question)}: {answer}");
        Assert.Equal(expected == "yes" ? 0 : 1, answer.ExitCode);
    }

    [Fact]
    public async Task A_request_the_roles_do_not_allow_gets_403_worded_as_the_real_server_words_it()
    {
        var (server, kubectl) = await StartAsync();
        await using var _ = server;
        using var __ = kubectl;

        var delete = await kubectl.RunAsync("--token", "alice-token", "delete", "configmap", "x", "-n", "team-a");
        var other = await kubectl.RunAsync("--token", "alice-token", "get", "configmaps", "-n", "team-b");
        var allowed = await kubectl.RunAsync("--token", "alice-token", "get", "configmaps", "-n", "team-a");

        Assert.Contains("Error from server (Forbidden): configmaps \"x\" is forbidden: User \"alice\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"team-a\"", delete.Stderr, StringComparison.Ordinal);
        Assert.Contains("Error from server (Forbidden): configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"team-b\"", other.Stderr, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
    }

    [Fact]
    public async Task Without_a_token_a_request_gets_401_and_with_an_unknown_token_too()
    {
        await using var server = await ApiServerDouble.StartAsync(new ApiServerOptions { Tokens = Tokens, Authorization = AuthorizationMode.Rbac, AllowAnonymous = false });
        using var http = new HttpClient { BaseAddress = server.HttpUrl };

        var anonymous = await http.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces") { Headers = { Authorization = new("Bearer", "nope") } };
        var unknown = await http.SendAsync(wrong);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("Unauthorized", JsonNode.Parse(await anonymous.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubjectAccessReview_and_TokenReview_answer_for_the_user_named_in_them()
    {
        var (server, kubectl) = await StartAsync();
        await using var _ = server;
        using var __ = kubectl;
        using var client = server.CreateClient();

        var bob = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = "bob", Groups = ["editors", "system:authenticated"],
                ResourceAttributes = new V1ResourceAttributes { Verb = "delete", Group = "k8s.cni.cncf.io", Resource = "network-attachment-definitions", NamespaceProperty = "team-b", Name = "n" },
            },
        });
        var bobElsewhere = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = "bob", Groups = ["editors"],
                ResourceAttributes = new V1ResourceAttributes { Verb = "delete", Group = "k8s.cni.cncf.io", Resource = "network-attachment-definitions", NamespaceProperty = "team-a", Name = "n" },
            },
        });
        var review = await client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "builder-token" } });
        var bad = await client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "nope" } });

        Assert.True(bob.Status.Allowed);
        Assert.Equal("RBAC: allowed by RoleBinding \"editors-nads/team-b\" of ClusterRole \"nad-editor\" to Group \"editors\"", bob.Status.Reason);
        Assert.False(bobElsewhere.Status.Allowed);
        Assert.True(review.Status.Authenticated);
        Assert.Equal("system:serviceaccount:team-a:builder", review.Status.User.Username);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"], review.Status.User.Groups);
        Assert.NotEqual(true, bad.Status.Authenticated);
    }

    [Fact]
    public async Task Only_users_allowed_to_create_subjectaccessreviews_may_ask_about_others()
    {
        var (server, kubectl) = await StartAsync();
        await using var _ = server;
        using var __ = kubectl;
        var sar = kubectl.WriteFile("sar.yaml", """
            apiVersion: authorization.k8s.io/v1
            kind: SubjectAccessReview
            spec:
              user: bob
              resourceAttributes: {verb: get, resource: configmaps, namespace: team-a}
            """);

        var asAlice = await kubectl.RunAsync("--token", "alice-token", "create", "-f", sar, "-o", "json");
        var asAdmin = await kubectl.RunAsync("create", "-f", sar, "-o", "json");

        Assert.Contains("User \"alice\" cannot create resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster scope", asAlice.Stderr, StringComparison.Ordinal);
        Assert.True(asAdmin.ExitCode == 0, asAdmin.ToString());
        Assert.False(JsonNode.Parse(asAdmin.Stdout)!["status"]!["allowed"]!.GetValue<bool>());
    }
}
