namespace MultusConfig.Core.Api;

/// <summary>The values of <c>spec.ipam.type</c> and the keys each type takes.</summary>
public static class IpamTypes
{
    public const string Spiderpool = "spiderpool";
    public const string HostLocal = "host-local";
    public const string Static = "static";
    public const string Dhcp = "dhcp";
    public const string Whereabouts = "whereabouts";

    public static readonly IReadOnlyList<string> All = [Spiderpool, HostLocal, Static, Dhcp, Whereabouts];

    /// <summary>The SMC keys of <c>spec.ipam</c> (besides <c>type</c>) each type takes; spiderpool and dhcp take none.</summary>
    public static IReadOnlyList<string> KeysOf(string type) => type switch
    {
        HostLocal => ["ranges", "routes", "dataDir"],
        Static => ["addresses", "routes", "dns"],
        Whereabouts => ["range", "rangeStart", "rangeEnd", "exclude", "gateway", "routes"],
        _ => [],
    };
}
