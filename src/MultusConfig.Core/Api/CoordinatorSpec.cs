using System.Text.Json.Serialization;

namespace MultusConfig.Core.Api;

/// <summary>Per-network settings of Spiderpool's coordinator plugin; unset fields fall back to the cluster's SpiderCoordinator.</summary>
public sealed class CoordinatorSpec
{
    [JsonPropertyName("mode")] public string? Mode { get; set; }
    [JsonPropertyName("podCIDRType")] public string? PodCidrType { get; set; }
    [JsonPropertyName("hijackCIDR")] public List<string>? HijackCidr { get; set; }
    [JsonPropertyName("policyRoutes")] public List<PolicyRoute>? PolicyRoutes { get; set; }
    [JsonPropertyName("podMACPrefix")] public string? PodMacPrefix { get; set; }
    [JsonPropertyName("tunePodRoutes")] public bool? TunePodRoutes { get; set; }
    [JsonPropertyName("podDefaultRouteNIC")] public string? PodDefaultRouteNic { get; set; }
    [JsonPropertyName("hostRuleTable")] public long? HostRuleTable { get; set; }
    [JsonPropertyName("podRPFilter")] public long? PodRpFilter { get; set; }
    [JsonPropertyName("txQueueLen")] public long? TxQueueLen { get; set; }
    [JsonPropertyName("vethLinkAddress")] public string? VethLinkAddress { get; set; }
    [JsonPropertyName("vethMTU")] public long? VethMtu { get; set; }
}

public sealed class PolicyRoute
{
    [JsonPropertyName("dst")] public string? Dst { get; set; }
    [JsonPropertyName("gw")] public string? Gw { get; set; }
}
