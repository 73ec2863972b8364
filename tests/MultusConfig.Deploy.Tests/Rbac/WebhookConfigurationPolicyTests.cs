using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;
using MultusConfig.Deploy.Tests.Helm;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Rbac;

/// <summary>
/// The shipped ValidatingAdmissionPolicies that confine the operator's service account to the caBundle of its
/// two webhook configurations, checked without a CEL engine: each field of the API type (read from
/// KubernetesClient's models, so a field added to the API shows up here) must be compared between the new and
/// the old object, caBundle must not be, and the policy must match the operator's own service account.
/// </summary>
public class WebhookConfigurationPolicyTests
{
    public static TheoryData<string> Renders => new() { "default", "cert-manager", "helm" };

    private static List<JsonObject> Render(string which) => which == "helm" ? ChartRenderer.Render() : Objects(which);

    private static IEnumerable<string> JsonFields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name).OfType<string>();

    /// <summary>The fields one expression compares as <c>(has(A.f) ? has(B.f) &amp;&amp; A.f == B.f : !has(B.f))</c>.</summary>
    private static HashSet<string> Compared(string expression, string a, string b) =>
        Regex.Matches(expression, $@"\(has\({Regex.Escape(a)}\.(\w+)\) \? has\({Regex.Escape(b)}\.\1\) && {Regex.Escape(a)}\.\1 == {Regex.Escape(b)}\.\1 : !has\({Regex.Escape(b)}\.\1\)\)")
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Renders))]
    public void Each_policy_compares_every_webhook_field_but_caBundle_and_the_owners_metadata(string render)
    {
        var objects = Render(render);
        foreach (var (kind, webhookType, configuration) in new[]
        {
            ("MutatingWebhookConfiguration", typeof(V1MutatingWebhook), "multus-config-mutating"),
            ("ValidatingWebhookConfiguration", typeof(V1ValidatingWebhook), "multus-config-validating"),
        })
        {
            var policy = objects.Single(o => Str(o["kind"]) == "ValidatingAdmissionPolicy"
                && o["spec"]!["matchConstraints"]!["resourceRules"]!.AsArray().Any(r => r!["resourceNames"]!.AsArray().Select(Str).Contains(configuration)));
            var expressions = policy["spec"]!["validations"]!.AsArray().Select(v => Str(v!["expression"])!).ToList();
            var all = string.Join("\n", expressions);

            var webhookFields = JsonFields(webhookType).Where(f => f != "clientConfig").ToHashSet(StringComparer.Ordinal);
            Assert.Equal(webhookFields.Order(), Compared(all, "w", "o").Order());
            var clientConfigFields = JsonFields(typeof(Admissionregistrationv1WebhookClientConfig)).Where(f => f != "caBundle").ToHashSet(StringComparer.Ordinal);
            Assert.Equal(clientConfigFields.Order(), Compared(all, "w.clientConfig", "o.clientConfig").Order());
            Assert.DoesNotContain("caBundle", all, StringComparison.Ordinal);
            // Every webhook of the new object has an equal one in the old, and as many: none added or removed.
            Assert.Contains("object.webhooks.size() == oldObject.webhooks.size()", all, StringComparison.Ordinal);
            Assert.Contains("object.webhooks.all(w, oldObject.webhooks.exists(o,", all, StringComparison.Ordinal);
            Assert.Equal(["annotations", "finalizers", "labels", "ownerReferences"], Compared(all, "object.metadata", "oldObject.metadata").Order());

            var rule = policy["spec"]!["matchConstraints"]!["resourceRules"]!.AsArray().Single()!;
            Assert.Equal(["UPDATE"], rule["operations"]!.AsArray().Select(Str));
            Assert.Equal([configuration], rule["resourceNames"]!.AsArray().Select(Str));
            Assert.Contains(Str(rule["resources"]![0]), new[] { kind.ToLowerInvariant() + "s" });
            Assert.Contains(objects, o => Str(o["kind"]) == kind && Str(o["metadata"]!["name"]) == configuration);
            Assert.Equal("Fail", Str(policy["spec"]!["failurePolicy"]));
        }
    }

    [Theory]
    [MemberData(nameof(Renders))]
    public void Each_policy_is_bound_with_Deny_and_applies_to_the_operators_service_account(string render)
    {
        var objects = Render(render);
        var account = Single(objects, "ServiceAccount", "multus-config-operator")["metadata"]!;
        var username = $"system:serviceaccount:{Str(account["namespace"])}:{Str(account["name"])}";
        // The account the operator's ClusterRole (and its patch on the configurations) is bound to.
        var subject = Single(objects, "ClusterRoleBinding", "multus-config-operator")["subjects"]!.AsArray().Single()!;
        Assert.Equal(username, $"system:serviceaccount:{Str(subject["namespace"])}:{Str(subject["name"])}");

        var policies = objects.Where(o => Str(o["kind"]) == "ValidatingAdmissionPolicy").ToList();
        Assert.Equal(2, policies.Count);
        foreach (var policy in policies)
        {
            var name = Str(policy["metadata"]!["name"]);
            var condition = policy["spec"]!["matchConditions"]!.AsArray().Single()!;
            Assert.Equal($"request.userInfo.username == '{username}'", Str(condition["expression"]));
            var binding = objects.Single(o => Str(o["kind"]) == "ValidatingAdmissionPolicyBinding" && Str(o["spec"]!["policyName"]) == name);
            Assert.Equal(["Deny"], binding["spec"]!["validationActions"]!.AsArray().Select(Str));
            Assert.Null(binding["spec"]!["matchResources"]);
        }
    }
}
