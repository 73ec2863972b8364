using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace MultusConfig.Core.Api;

/// <summary>Multus' network object (k8s.cni.cncf.io/v1); its only spec field is the CNI config text.</summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
public sealed class NetworkAttachmentDefinition : IKubernetesObject<V1ObjectMeta>, ISpec<NetworkAttachmentDefinitionSpec>
{
    public const string Group = "k8s.cni.cncf.io";
    public const string Version = "v1";
    public const string GroupVersion = Group + "/" + Version;
    public const string KindName = "NetworkAttachmentDefinition";
    public const string Plural = "network-attachment-definitions";

    public NetworkAttachmentDefinition()
        : this(new V1ObjectMeta(), new NetworkAttachmentDefinitionSpec())
    {
    }

    /// <summary>For the renderer, which has both parts at hand: no empty ones made only to be replaced.</summary>
    internal NetworkAttachmentDefinition(V1ObjectMeta metadata, NetworkAttachmentDefinitionSpec spec)
    {
        Metadata = metadata;
        Spec = spec;
    }

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = GroupVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = KindName;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; }
    [JsonPropertyName("spec")] public NetworkAttachmentDefinitionSpec Spec { get; set; }
}

public sealed class NetworkAttachmentDefinitionSpec
{
    /// <summary>Always serialized, even empty: <c>"spec":{"config":""}</c>.</summary>
    [JsonPropertyName("config")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Config { get; set; } = "";
}

public sealed class NetworkAttachmentDefinitionList : IKubernetesObject<V1ListMeta>, IItems<NetworkAttachmentDefinition>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = NetworkAttachmentDefinition.GroupVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = NetworkAttachmentDefinition.KindName + "List";
    [JsonPropertyName("metadata")] public V1ListMeta Metadata { get; set; } = new();
    [JsonPropertyName("items")] public IList<NetworkAttachmentDefinition> Items { get; set; } = [];
}
