using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MultusConfig.Cni.Tests.Netns;

/// <summary>
/// ICMP echo from inside a namespace, done in-process with a raw socket (the machine has no ping binary,
/// and the test needs nothing more than "did the other pod answer"). Only addresses inside the test's own
/// namespaces are ever pinged.
/// </summary>
public static class Pinger
{
    /// <summary>Sends echo requests from <paramref name="from"/> to <paramref name="target"/>; true when a matching reply came from the target.</summary>
    public static async Task<bool> PingAsync(NetworkNamespace from, IPAddress target, int attempts = 10)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var socket = NamespaceSwitch.CreateIn(from, () => new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp));
        var id = (ushort)Random.Shared.Next(1, ushort.MaxValue);
        var buffer = new byte[1500];
        for (ushort seq = 1; seq <= attempts; seq++)
        {
            await socket.SendToAsync(EchoRequest(id, seq), new IPEndPoint(target, 0));
            // Bounded wait per attempt; the first reply may need ARP to resolve first.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
                    if (IsReplyFrom(buffer.AsSpan(0, received.ReceivedBytes), target, id))
                    {
                        return true;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // No reply to this attempt; send the next one.
            }
        }
        return false;
    }

    private static byte[] EchoRequest(ushort id, ushort seq)
    {
        var packet = new byte[8 + 32];
        packet[0] = 8; // echo request
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), seq);
        for (var i = 8; i < packet.Length; i++)
        {
            packet[i] = (byte)i;
        }
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Checksum(packet));
        return packet;
    }

    private static bool IsReplyFrom(ReadOnlySpan<byte> ipPacket, IPAddress target, ushort id)
    {
        if (ipPacket.Length < 28)
        {
            return false;
        }
        var headerLength = (ipPacket[0] & 0x0f) * 4;
        var source = new IPAddress(ipPacket.Slice(12, 4));
        var icmp = ipPacket[headerLength..];
        return icmp.Length >= 8 && icmp[0] == 0 && BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) == id && source.Equals(target);
    }

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }
        if (data.Length % 2 == 1)
        {
            sum += (uint)data[^1] << 8;
        }
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (ushort)~sum;
    }
}
