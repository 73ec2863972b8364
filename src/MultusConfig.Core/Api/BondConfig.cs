using System.Text.Json.Serialization;

namespace MultusConfig.Core.Api;

/// <summary>A bond the ifacer plugin creates from several master interfaces.</summary>
public sealed class BondConfig
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("mode")] public int? Mode { get; set; }
    [JsonPropertyName("options")] public string? Options { get; set; }
}
