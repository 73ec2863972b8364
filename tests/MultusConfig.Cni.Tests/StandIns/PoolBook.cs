using System.Text.Json;
using System.Text.Json.Serialization;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>
/// The IP pools a test gives the spiderpool stand-in (<c>pools.json</c> in its state directory): named
/// pools of fixed addresses, and the cluster-default pools used when the config names none.
/// </summary>
public sealed class PoolBook
{
    public const string FileName = "pools.json";

    [JsonPropertyName("pools")] public Dictionary<string, Pool> Pools { get; init; } = [];
    [JsonPropertyName("defaultIPv4")] public List<string> DefaultIpv4 { get; init; } = [];
    [JsonPropertyName("defaultIPv6")] public List<string> DefaultIpv6 { get; init; } = [];

    public static PoolBook Load(string stateDir)
    {
        var file = Path.Combine(stateDir, FileName);
        return File.Exists(file) ? JsonSerializer.Deserialize<PoolBook>(File.ReadAllText(file)) ?? new PoolBook() : new PoolBook();
    }

    public void Save(string stateDir) => File.WriteAllText(Path.Combine(stateDir, FileName), JsonSerializer.Serialize(this));
}

/// <summary>A pool: addresses in CIDR notation, handed out in order, and an optional gateway.</summary>
public sealed class Pool
{
    [JsonPropertyName("addresses")] public List<string> Addresses { get; init; } = [];
    [JsonPropertyName("gateway")] public string? Gateway { get; init; }
}
