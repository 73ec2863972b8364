using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MultusConfig.Core.Validation;

/// <summary>
/// Strict IP and prefix parsing, as Go's net package does it (dotted quads without leading zeros; no
/// "1" meaning 0.0.0.1 as .NET's parser allows), since the coordinator parses these strings with Go.
/// </summary>
internal static partial class IpText
{
    [GeneratedRegex("^(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})$")]
    private static partial Regex Ipv4();

    [GeneratedRegex("^(0|[1-9][0-9]{0,2})$")]
    private static partial Regex PrefixLength();

    public static IPAddress? ParseAddress(string s, bool allowZone = false)
    {
        if (s.Contains(':', StringComparison.Ordinal))
        {
            if (s.Contains('[', StringComparison.Ordinal) || s.Contains('/', StringComparison.Ordinal)) return null;
            if (!allowZone && s.Contains('%', StringComparison.Ordinal)) return null;
            return IPAddress.TryParse(s, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }
        var m = Ipv4().Match(s);
        if (!m.Success) return null;
        for (var i = 1; i <= 4; i++)
        {
            if (int.Parse(m.Groups[i].ValueSpan, CultureInfo.InvariantCulture) > 255) return null;
        }
        return IPAddress.Parse(s);
    }

    /// <summary>Parses "address/length"; the network address is the address with its host bits cleared.</summary>
    public static bool TryParsePrefix(string s, out IPAddress address, out int length, out IPAddress network)
    {
        address = network = IPAddress.None;
        length = 0;
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return false;
        var ip = ParseAddress(s[..slash]);
        var lengthText = s[(slash + 1)..];
        if (ip is null || !PrefixLength().IsMatch(lengthText)) return false;
        length = int.Parse(lengthText, CultureInfo.InvariantCulture);
        var bytes = ip.GetAddressBytes();
        if (length > bytes.Length * 8) return false;
        for (var bit = length; bit < bytes.Length * 8; bit++) bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        address = ip;
        network = new IPAddress(bytes);
        return true;
    }

    /// <summary>
    /// An IP address or a canonical prefix. Returns the problem, or null. Host bits in a prefix are an error
    /// (D29): the reference passed "10.0.0.1/8" through unnormalized, hiding a likely typo.
    /// </summary>
    public static string? AddressOrPrefixError(string s, out AddressFamily family)
    {
        family = AddressFamily.Unspecified;
        if (!s.Contains('/', StringComparison.Ordinal))
        {
            var ip = ParseAddress(s);
            if (ip is null) return "must be an IP address (10.0.0.1) or a prefix (10.0.0.0/8)";
            family = ip.AddressFamily;
            return null;
        }
        if (!TryParsePrefix(s, out var address, out var length, out var network))
            return "must be an IP address (10.0.0.1) or a prefix (10.0.0.0/8)";
        family = address.AddressFamily;
        if (!address.Equals(network))
        {
            var single = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            return $"has host bits set: write {network}/{length} for the network, or {address}/{single} for the single address";
        }
        return null;
    }
}
