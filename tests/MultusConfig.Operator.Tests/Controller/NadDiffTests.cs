using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Controller;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>What the reconciler owns on a NAD, and nothing more.</summary>
public class NadDiffTests
{
    private static NetworkAttachmentDefinition Desired() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "n",
            Annotations = new Dictionary<string, string> { ["team"] = "blue" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = SpiderMultusConfig.GroupVersion, Kind = SpiderMultusConfig.KindName, Name = "n", Uid = "u1", Controller = true, BlockOwnerDeletion = true }],
        },
        Spec = new NetworkAttachmentDefinitionSpec { Config = "{\"new\":1}" },
    };

    [Fact]
    public void A_nad_that_matches_needs_no_write_even_with_foreign_labels_annotations_and_owners()
    {
        var existing = Desired();
        existing.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };
        existing.Metadata.Annotations["other.io/note"] = "kept";
        existing.Metadata.OwnerReferences.Add(new V1OwnerReference { Kind = "ConfigMap", Name = "c", Uid = "u9", ApiVersion = "v1" });
        Assert.False(NadDiff.Apply(existing, Desired(), adopting: false));
    }

    [Fact]
    public void Drift_in_config_and_our_annotation_is_repaired_and_foreign_keys_stay()
    {
        var existing = Desired();
        existing.Spec.Config = "{\"edited\":1}";
        existing.Metadata.Annotations["team"] = "red";
        existing.Metadata.Annotations["other.io/note"] = "kept";
        Assert.True(NadDiff.Apply(existing, Desired(), adopting: false));
        Assert.Equal("{\"new\":1}", existing.Spec.Config);
        Assert.Equal("blue", existing.Metadata.Annotations["team"]);
        Assert.Equal("kept", existing.Metadata.Annotations["other.io/note"]);
        Assert.False(existing.Metadata.Annotations.ContainsKey(Annotations.PreviousConfig));
    }

    [Fact]
    public void Adoption_keeps_the_previous_config_and_foreign_non_controller_owners_and_replaces_a_stale_controller()
    {
        var existing = new NetworkAttachmentDefinition
        {
            Metadata = new V1ObjectMeta
            {
                Name = "n",
                OwnerReferences =
                [
                    new V1OwnerReference { Kind = SpiderMultusConfig.KindName, Name = "n", Uid = "deleted-smc", Controller = true, ApiVersion = SpiderMultusConfig.GroupVersion },
                    new V1OwnerReference { Kind = "ConfigMap", Name = "c", Uid = "u9", ApiVersion = "v1" },
                ],
            },
            Spec = new NetworkAttachmentDefinitionSpec { Config = "{\"old\":1}" },
        };
        Assert.True(NadDiff.Apply(existing, Desired(), adopting: true));
        Assert.Equal("{\"old\":1}", existing.Metadata.Annotations[Annotations.PreviousConfig]);
        Assert.Equal(["u9", "u1"], existing.Metadata.OwnerReferences.Select(o => o.Uid));
    }

    [Fact]
    public void Adopting_a_nad_with_the_same_config_records_no_previous_config()
    {
        var existing = Desired();
        existing.Metadata.OwnerReferences = null;
        Assert.True(NadDiff.Apply(existing, Desired(), adopting: true));
        Assert.False(existing.Metadata.Annotations.ContainsKey(Annotations.PreviousConfig));
    }

    [Fact]
    public void A_copy_of_the_SMCs_last_applied_configuration_left_by_Spiderpool_is_removed_but_the_NADs_own_is_kept()
    {
        var copied = Desired();
        copied.Metadata.Annotations[Annotations.LastAppliedConfiguration] = """{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig"}""";
        Assert.True(NadDiff.Apply(copied, Desired(), adopting: false));
        Assert.False(copied.Metadata.Annotations.ContainsKey(Annotations.LastAppliedConfiguration));

        var own = Desired();
        own.Metadata.Annotations[Annotations.LastAppliedConfiguration] = """{"apiVersion":"k8s.cni.cncf.io/v1","kind":"NetworkAttachmentDefinition"}""";
        Assert.False(NadDiff.Apply(own, Desired(), adopting: false));
        Assert.True(own.Metadata.Annotations.ContainsKey(Annotations.LastAppliedConfiguration));
    }
}
