using System.Text.Json.Serialization;

namespace MultusConfig.Core.Api;

public sealed class SriovConfig
{
    [JsonPropertyName("resourceName")] public string? ResourceName { get; set; }
    [JsonPropertyName("vlanID")] public int? VlanId { get; set; }
    [JsonPropertyName("mtu")] public int? Mtu { get; set; }
    [JsonPropertyName("minTxRateMbps")] public long? MinTxRateMbps { get; set; }
    [JsonPropertyName("maxTxRateMbps")] public long? MaxTxRateMbps { get; set; }
    [JsonPropertyName("rdmaIsolation")] public bool? RdmaIsolation { get; set; }
    [JsonPropertyName("ippools")] public IpPools? IpPools { get; set; }
}
