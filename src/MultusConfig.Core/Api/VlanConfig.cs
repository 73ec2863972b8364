using System.Text.Json.Serialization;

namespace MultusConfig.Core.Api;

public sealed class VlanConfig : IMasterBlock
{
    [JsonPropertyName("master")] public List<string>? Master { get; set; }
    [JsonPropertyName("mtu")] public int? Mtu { get; set; }
    [JsonPropertyName("vlanMode")] public string? VlanMode { get; set; }
    [JsonPropertyName("vlanID")] public int? VlanId { get; set; }
    [JsonPropertyName("bond")] public BondConfig? Bond { get; set; }
    [JsonPropertyName("rdmaResourceName")] public string? RdmaResourceName { get; set; }
    [JsonPropertyName("ippools")] public IpPools? IpPools { get; set; }
}
