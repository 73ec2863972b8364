using System.Text;
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
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The config text, or its UTF-8 bytes after CompactConfig: a NAD held in the operator's cache for its whole
    // life keeps half the bytes of the string (JSON configs are ASCII: 1 byte a character instead of 2).
    private object? _config = "";

    /// <summary>Always serialized, even empty: <c>"spec":{"config":""}</c>.</summary>
    [JsonPropertyName("config")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Config
    {
        get => _config is byte[] utf8 ? Encoding.UTF8.GetString(utf8) : (string)_config!;
        set => _config = value;
    }

    /// <summary>
    /// Keeps the config as UTF-8 bytes from now on (for a long-lived cached copy); <see cref="Config"/> decodes
    /// them on each read, <see cref="ConfigEquals"/> compares without decoding. Text that UTF-8 cannot carry
    /// exactly (a lone surrogate) stays a string.
    /// </summary>
    public void CompactConfig()
    {
        if (_config is not string { Length: > 0 } text) return;
        try
        {
            _config = StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            // Kept as it is: the bytes would not give the same text back.
        }
    }

    /// <summary>Whether the config is <paramref name="text"/>, ordinally, without decoding a compacted config.</summary>
    public bool ConfigEquals(string? text)
    {
        if (_config is not byte[] utf8) return string.Equals((string?)_config, text, StringComparison.Ordinal);
        if (text is null) return false;
        // Every character takes at least one byte; equal lengths mean ASCII on both sides when equal.
        if (text.Length == utf8.Length) return Ascii.Equals(utf8, text);
        if (text.Length > utf8.Length || StrictUtf8.GetMaxByteCount(text.Length) < utf8.Length) return false;
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(StrictUtf8.GetMaxByteCount(text.Length));
        try
        {
            var written = StrictUtf8.GetBytes(text, rented);
            return rented.AsSpan(0, written).SequenceEqual(utf8);
        }
        catch (EncoderFallbackException)
        {
            // A lone surrogate: never what CompactConfig stored.
            return false;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A copy holding the same config (compacted or not) without decoding it.</summary>
    public NetworkAttachmentDefinitionSpec Copy() => new() { _config = _config };
}

public sealed class NetworkAttachmentDefinitionList : IKubernetesObject<V1ListMeta>, IItems<NetworkAttachmentDefinition>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = NetworkAttachmentDefinition.GroupVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = NetworkAttachmentDefinition.KindName + "List";
    [JsonPropertyName("metadata")] public V1ListMeta Metadata { get; set; } = new();
    [JsonPropertyName("items")] public IList<NetworkAttachmentDefinition> Items { get; set; } = [];
}
