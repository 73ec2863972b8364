using System.Text.Json.Serialization;

namespace MultusConfig.Core.Api;

/// <summary>The macvlan block; ipvlan has the identical schema and uses this type too.</summary>
public sealed class MacvlanConfig : IMasterBlock
{
    [JsonPropertyName("master")] public List<string>? Master { get; set; }
    [JsonPropertyName("mtu")] public int? Mtu { get; set; }
    [JsonPropertyName("vlanID")] public int? VlanId { get; set; }
    [JsonPropertyName("bond")] public BondConfig? Bond { get; set; }
    [JsonPropertyName("rdmaResourceName")] public string? RdmaResourceName { get; set; }
    [JsonPropertyName("ippools")] public IpPools? IpPools { get; set; }
    /// <summary>Our extension: macvlan's or ipvlan's own mode key (values in <see cref="InterfaceModes"/>).</summary>
    [JsonPropertyName("mode")] public string? Mode { get; set; }
}
