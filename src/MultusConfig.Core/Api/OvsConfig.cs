using System.Text.Json.Serialization;

namespace MultusConfig.Core.Api;

public sealed class OvsConfig
{
    [JsonPropertyName("bridge")] public string? Bridge { get; set; }
    [JsonPropertyName("vlan")] public int? Vlan { get; set; }
    [JsonPropertyName("trunk")] public List<Trunk>? Trunk { get; set; }
    [JsonPropertyName("deviceID")] public string? DeviceId { get; set; }
    [JsonPropertyName("ippools")] public IpPools? IpPools { get; set; }
}

/// <summary>One ovs trunk entry: a single VLAN (<c>id</c>) or a range (<c>minID</c>..<c>maxID</c>).</summary>
public sealed class Trunk
{
    [JsonPropertyName("minID")] public ulong? MinId { get; set; }
    [JsonPropertyName("maxID")] public ulong? MaxId { get; set; }
    [JsonPropertyName("id")] public ulong? Id { get; set; }
}
