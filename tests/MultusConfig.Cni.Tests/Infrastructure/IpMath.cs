using System.Globalization;
using System.Net;

namespace MultusConfig.Cni.Tests.Infrastructure;

/// <summary>The address arithmetic the IPAM expectations and the whereabouts stand-in share.</summary>
public static class IpMath
{
    /// <summary>"a/len" as its network (host bits cleared) and length; the caller has checked the syntax.</summary>
    public static (IPAddress Network, int Length) Prefix(string cidr)
    {
        ArgumentNullException.ThrowIfNull(cidr);
        var parts = cidr.Split('/');
        var length = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var bytes = IPAddress.Parse(parts[0]).GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
        return (new IPAddress(bytes), length);
    }

    public static bool Contains(IPAddress network, int length, IPAddress ip)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(ip);
        return network.AddressFamily == ip.AddressFamily && Prefix($"{ip}/{length}").Network.Equals(network);
    }

    /// <summary>The address <paramref name="delta"/> (±1) after <paramref name="ip"/>.</summary>
    public static IPAddress Step(IPAddress ip, int delta)
    {
        ArgumentNullException.ThrowIfNull(ip);
        var bytes = ip.GetAddressBytes();
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            var value = bytes[i] + delta;
            bytes[i] = (byte)value;
            if (value is >= 0 and <= 255)
            {
                break;
            }
        }
        return new IPAddress(bytes);
    }

    public static IPAddress Broadcast(IPAddress network, int length)
    {
        ArgumentNullException.ThrowIfNull(network);
        var bytes = network.GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }
        return new IPAddress(bytes);
    }

    public static int Compare(IPAddress x, IPAddress y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return x.GetAddressBytes().AsSpan().SequenceCompareTo(y.GetAddressBytes());
    }
}
