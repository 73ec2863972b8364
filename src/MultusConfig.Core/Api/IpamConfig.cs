using System.Text.Json.Serialization;

namespace MultusConfig.Core.Api;

/// <summary>
/// <c>spec.ipam</c>, our extension over Spiderpool's SMC: the IPAM plugin of the main interface and its own
/// keys, typed. Absent means Spiderpool's IPAM, as before. Keys the plugin spells in snake_case (whereabouts'
/// <c>range_start</c>) are camelCase here and rendered in the plugin's spelling. Which key belongs to which
/// type is <see cref="IpamTypes"/>' business; validation refuses the keys of another type.
/// </summary>
public sealed class IpamConfig
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("ranges")] public List<List<IpamRange>>? Ranges { get; set; }
    [JsonPropertyName("routes")] public List<IpamRoute>? Routes { get; set; }
    [JsonPropertyName("dataDir")] public string? DataDir { get; set; }
    [JsonPropertyName("addresses")] public List<IpamAddress>? Addresses { get; set; }
    [JsonPropertyName("dns")] public IpamDns? Dns { get; set; }
    [JsonPropertyName("range")] public string? Range { get; set; }
    [JsonPropertyName("rangeStart")] public string? RangeStart { get; set; }
    [JsonPropertyName("rangeEnd")] public string? RangeEnd { get; set; }
    [JsonPropertyName("exclude")] public List<string>? Exclude { get; set; }
    [JsonPropertyName("gateway")] public string? Gateway { get; set; }
}

/// <summary>One host-local range: a subnet and, optionally, the part of it to allocate from and its gateway.</summary>
public sealed class IpamRange
{
    [JsonPropertyName("subnet")] public string? Subnet { get; set; }
    [JsonPropertyName("rangeStart")] public string? RangeStart { get; set; }
    [JsonPropertyName("rangeEnd")] public string? RangeEnd { get; set; }
    [JsonPropertyName("gateway")] public string? Gateway { get; set; }
}

/// <summary>A route the IPAM plugin returns for the pod (CNI's types.Route): a destination prefix and an optional gateway.</summary>
public sealed class IpamRoute
{
    [JsonPropertyName("dst")] public string? Dst { get; set; }
    [JsonPropertyName("gw")] public string? Gw { get; set; }
}

/// <summary>A static address in CIDR notation (the interface's address and its prefix length) and an optional gateway.</summary>
public sealed class IpamAddress
{
    [JsonPropertyName("address")] public string? Address { get; set; }
    [JsonPropertyName("gateway")] public string? Gateway { get; set; }
}

/// <summary>DNS settings the static plugin returns (CNI's types.DNS).</summary>
public sealed class IpamDns
{
    [JsonPropertyName("nameservers")] public List<string>? Nameservers { get; set; }
    [JsonPropertyName("domain")] public string? Domain { get; set; }
    [JsonPropertyName("search")] public List<string>? Search { get; set; }
    [JsonPropertyName("options")] public List<string>? Options { get; set; }
}
