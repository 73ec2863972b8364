namespace MultusConfig.Core.Rendering;

/// <summary>
/// Bare addresses in the coordinator's CIDR lists, written as the single-address prefixes they mean.
/// Spiderpool's coordinator (cmd/coordinator/cmd/cni_types.go, <c>ValidateRoutes</c>) parses every
/// <c>hijackCIDR</c> entry with <c>net.ParseCIDR</c>, so a bare address fails every pod on the network;
/// admission accepts one, as the reference does, and the renderer writes <c>/32</c> or <c>/128</c> (D31).
/// </summary>
internal static class AddressPrefixes
{
    /// <summary>True for a value the renderer rewrites: non-empty and without a prefix length.</summary>
    public static bool IsBare(string? value) => !string.IsNullOrEmpty(value) && !value.Contains('/', StringComparison.Ordinal);

    /// <summary>The value with <c>/32</c> (IPv4) or <c>/128</c> (IPv6) added when it is bare; otherwise the value itself.</summary>
    public static string? AsPrefix(string? value) =>
        !IsBare(value) ? value
        : value!.Contains(':', StringComparison.Ordinal) ? value + "/128" : value + "/32";
}
