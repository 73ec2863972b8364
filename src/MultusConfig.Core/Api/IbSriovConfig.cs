using System.Text.Json.Serialization;

namespace MultusConfig.Core.Api;

public sealed class IbSriovConfig
{
    [JsonPropertyName("resourceName")] public string? ResourceName { get; set; }
    [JsonPropertyName("pkey")] public string? Pkey { get; set; }
    [JsonPropertyName("linkState")] public string? LinkState { get; set; }
    [JsonPropertyName("rdmaIsolation")] public bool? RdmaIsolation { get; set; }
    [JsonPropertyName("enableIbKubernetes")] public bool? EnableIbKubernetes { get; set; }
    [JsonPropertyName("ippools")] public IpPools? IpPools { get; set; }
}
