using k8s;
using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Controller.Runtime;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>Cached objects drop managedFields and share repeated strings, and keep every value.</summary>
public class CacheTrimTests
{
    private static NetworkAttachmentDefinition Parse(string name) => KubernetesJson.Deserialize<NetworkAttachmentDefinition>("""
        {"apiVersion":"k8s.cni.cncf.io/v1","kind":"NetworkAttachmentDefinition",
         "metadata":{"name":"NAME","namespace":"team1","resourceVersion":"7",
           "labels":{"team":"a"},"annotations":{"example.com/owner":"ops"},
           "ownerReferences":[{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","name":"NAME","uid":"u-NAME","controller":true}],
           "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}}]},
         "spec":{"config":"{\"cniVersion\":\"0.3.1\"}"}}
        """.Replace("NAME", name, StringComparison.Ordinal));

    [Fact]
    public void ManagedFields_are_dropped_and_every_other_value_is_kept()
    {
        var trimmed = CacheTrim.Apply(Parse("net-a"));

        Assert.Null(trimmed.Metadata.ManagedFields);
        Assert.Equal("team1", trimmed.Metadata.NamespaceProperty);
        Assert.Equal("7", trimmed.Metadata.ResourceVersion);
        Assert.Equal("a", trimmed.Metadata.Labels["team"]);
        Assert.Equal("ops", trimmed.Metadata.Annotations["example.com/owner"]);
        Assert.Equal("u-net-a", Assert.Single(trimmed.Metadata.OwnerReferences).Uid);
        Assert.Equal("{\"cniVersion\":\"0.3.1\"}", trimmed.Spec.Config);
    }

    [Fact]
    public void Two_cached_objects_share_one_copy_of_their_namespace_kind_and_annotation_keys()
    {
        var a = CacheTrim.Apply(Parse("net-a"));
        var b = CacheTrim.Apply(Parse("net-b"));

        Assert.Same(a.Metadata.NamespaceProperty, b.Metadata.NamespaceProperty);
        Assert.Same(a.ApiVersion, b.ApiVersion);
        Assert.Same(a.Kind, b.Kind);
        Assert.Same(a.Metadata.Annotations.Keys.Single(), b.Metadata.Annotations.Keys.Single());
        Assert.Same(a.Metadata.OwnerReferences[0].Kind, b.Metadata.OwnerReferences[0].Kind);
    }

    [Fact]
    public void Namespace_names_and_annotation_keys_of_churned_objects_are_not_kept_for_the_life_of_the_process()
    {
        var last = "";
        for (var i = 0; i < CacheTrim.PoolCapacity * 3; i++)
        {
            var nad = Parse("net-a");
            last = "churn-" + Guid.NewGuid().ToString("N");
            nad.Metadata.NamespaceProperty = last;
            nad.Metadata.Annotations = new Dictionary<string, string> { [last + "/key"] = "v" };
            CacheTrim.Apply(nad);
        }

        // The runtime's intern pool would hold each of these names until the process ends.
        Assert.Null(string.IsInterned(last));
        Assert.InRange(CacheTrim.PoolSize, 0, CacheTrim.PoolCapacity);
    }

    private static SpiderMultusConfig ParseSmc(string name) => KubernetesJson.Deserialize<SpiderMultusConfig>("""
        {"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig",
         "metadata":{"name":"NAME","namespace":"team1","resourceVersion":"9","uid":"u-NAME"},
         "spec":{"cniType":"macvlan","macvlan":{"master":["ens192","ens224"]}},
         "status":{"observedGeneration":1,"networkAttachmentDefinition":"NAME",
           "conditions":[{"lastTransitionTime":"2026-12-03T20:12:33Z","message":"NetworkAttachmentDefinition NAME is up to date","observedGeneration":1,"reason":"Synced","status":"True","type":"Ready"}]}}
        """.Replace("NAME", name, StringComparison.Ordinal));

    [Fact]
    public void Two_cached_SMCs_share_their_cni_type_masters_and_condition_words_and_keep_every_value()
    {
        var a = CacheTrim.Apply(ParseSmc("net-a"));
        var b = CacheTrim.Apply(ParseSmc("net-b"));

        Assert.Same(a.Spec!.CniType, b.Spec!.CniType);
        Assert.Same(a.Spec.Macvlan!.Master![1], b.Spec.Macvlan!.Master![1]);
        var (ca, cb) = (Assert.Single(a.Status!.Conditions!), Assert.Single(b.Status!.Conditions!));
        Assert.Same(ca.Type, cb.Type);
        Assert.Same(ca.Status, cb.Status);
        Assert.Same(ca.Reason, cb.Reason);
        // The status names the SMC's own NAD: one string for both.
        Assert.Same(a.Metadata.Name, a.Status.NetworkAttachmentDefinition);

        Assert.Equal(["ens192", "ens224"], a.Spec.Macvlan.Master);
        Assert.Equal(("Ready", "True", "Synced", "NetworkAttachmentDefinition net-a is up to date"), (ca.Type, ca.Status, ca.Reason, ca.Message));
        Assert.Equal("net-a", a.Status.NetworkAttachmentDefinition);
        Assert.Equal("u-net-a", a.Metadata.Uid);
    }

    [Fact]
    public void An_owner_reference_naming_its_objects_own_name_holds_the_same_string()
    {
        var nad = CacheTrim.Apply(Parse("net-a"));

        Assert.Same(nad.Metadata.Name, nad.Metadata.OwnerReferences[0].Name);
    }
}
