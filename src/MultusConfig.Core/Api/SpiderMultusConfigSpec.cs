using System.Text.Json.Serialization;

namespace MultusConfig.Core.Api;

/// <summary>
/// The spec of an SMC. Every field is nullable because presence matters: "set to 0" and "absent"
/// render differently in the spiderpool profile, and validation must see what the user wrote.
/// </summary>
public sealed class SpiderMultusConfigSpec
{
    [JsonPropertyName("cniType")] public string? CniType { get; set; }
    [JsonPropertyName("macvlan")] public MacvlanConfig? Macvlan { get; set; }
    [JsonPropertyName("ipvlan")] public MacvlanConfig? Ipvlan { get; set; }
    [JsonPropertyName("vlan")] public VlanConfig? Vlan { get; set; }
    [JsonPropertyName("sriov")] public SriovConfig? Sriov { get; set; }
    [JsonPropertyName("ibsriov")] public IbSriovConfig? IbSriov { get; set; }
    [JsonPropertyName("ipoib")] public IpoibConfig? Ipoib { get; set; }
    [JsonPropertyName("ovs")] public OvsConfig? Ovs { get; set; }
    [JsonPropertyName("enableCoordinator")] public bool? EnableCoordinator { get; set; }
    [JsonPropertyName("disableIPAM")] public bool? DisableIpam { get; set; }
    [JsonPropertyName("coordinator")] public CoordinatorSpec? Coordinator { get; set; }
    [JsonPropertyName("chainCNIJsonData")] public List<string>? ChainCniJsonData { get; set; }
    [JsonPropertyName("customCNI")] public string? CustomCni { get; set; }
    [JsonPropertyName("ipam")] public IpamConfig? Ipam { get; set; }
}
