using System.Text.Json.Serialization;

namespace MultusConfig.Core.Api;

/// <summary>Default Spiderpool IP pools of the main interface (names are passed through, wildcards included).</summary>
public sealed class IpPools
{
    [JsonPropertyName("ipv4")] public List<string>? Ipv4 { get; set; }
    [JsonPropertyName("ipv6")] public List<string>? Ipv6 { get; set; }
    [JsonPropertyName("matchMasterSubnet")] public bool? MatchMasterSubnet { get; set; }
}
