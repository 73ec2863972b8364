using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace MultusConfig.Core.Api;

/// <summary>A typed, validated description of one Multus secondary network (spiderpool.spidernet.io/v2beta1).</summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
public sealed class SpiderMultusConfig : IKubernetesObject<V1ObjectMeta>, ISpec<SpiderMultusConfigSpec?>, IStatus<SpiderMultusConfigStatus?>
{
    public const string Group = "spiderpool.spidernet.io";
    public const string Version = "v2beta1";
    public const string GroupVersion = Group + "/" + Version;
    public const string KindName = "SpiderMultusConfig";
    public const string Plural = "spidermultusconfigs";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = GroupVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = KindName;
    public SpiderMultusConfig()
        : this(new V1ObjectMeta(), null)
    {
    }

    /// <summary>For the parser, which has both parts at hand: no empty metadata made only to be replaced.</summary>
    internal SpiderMultusConfig(V1ObjectMeta metadata, SpiderMultusConfigSpec? spec)
    {
        Metadata = metadata;
        Spec = spec;
    }

    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; }

    /// <summary>Absent when the manifest has no spec: the reference then renders a custom NAD with an empty config.</summary>
    [JsonPropertyName("spec")] public SpiderMultusConfigSpec? Spec { get; set; }

    [JsonPropertyName("status")] public SpiderMultusConfigStatus? Status { get; set; }
}

public sealed class SpiderMultusConfigList : IKubernetesObject<V1ListMeta>, IItems<SpiderMultusConfig>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = SpiderMultusConfig.GroupVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = SpiderMultusConfig.KindName + "List";
    [JsonPropertyName("metadata")] public V1ListMeta Metadata { get; set; } = new();
    [JsonPropertyName("items")] public IList<SpiderMultusConfig> Items { get; set; } = [];
}
