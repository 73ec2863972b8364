using System.Text.Json.Serialization;

namespace MultusConfig.Core.Api;

public sealed class IpoibConfig
{
    [JsonPropertyName("master")] public string? Master { get; set; }
    [JsonPropertyName("ippools")] public IpPools? IpPools { get; set; }
}
