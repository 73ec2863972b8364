using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// A TLS ClientHello written byte by byte, so a test can offer TLS 1.0 or 1.1 even where the machine's OpenSSL
/// refuses to (Debian's default configuration no longer offers them), and what the server said back.
/// </summary>
internal static class TlsClientHello
{
    public const ushort Tls10 = 0x0301, Tls11 = 0x0302, Tls12 = 0x0303;

    /// <summary>TLS 1.2 CBC suites with ECDHE (ECDSA and RSA; SHA-1 and SHA-256/384) and with static RSA key exchange.</summary>
    public static readonly ushort[] CbcSuites = [0xC009, 0xC00A, 0xC023, 0xC024, 0xC013, 0xC014, 0xC027, 0xC028, 0x002F, 0x0035, 0x003C, 0x003D];

    /// <summary>TLS 1.2 ECDHE-ECDSA suites with AES-GCM and ChaCha20-Poly1305.</summary>
    public static readonly ushort[] AeadSuites = [0xC02B, 0xC02C, 0xCCA9];

    public enum ServerReply
    {
        /// <summary>The server accepted the version and chose parameters: the handshake goes on.</summary>
        ServerHello,
        /// <summary>A TLS alert record (e.g. protocol_version).</summary>
        Alert,
        /// <summary>The connection was closed or reset without a TLS record.</summary>
        Closed,
        /// <summary>Bytes that are not a ServerHello or an alert.</summary>
        Other,
    }

    /// <summary>
    /// A hello offering only <paramref name="version"/> (no supported_versions extension, so no TLS 1.3), with
    /// ECDHE-ECDSA suites the P-256 serving certificate can use in every version: CBC-SHA for 1.0/1.1, GCM for 1.2.
    /// </summary>
    /// <param name="suites">Cipher suites to offer instead of the ones above.</param>
    public static byte[] Build(ushort version, ushort[]? suites = null)
    {
        var body = new List<byte>();
        AddU16(body, version);
        body.AddRange(RandomNumberGenerator.GetBytes(32));
        body.Add(0); // no session id
        suites ??= version >= Tls12 ? [0xC02B, 0xC02C, 0xC009, 0xC00A] : [0xC009, 0xC00A, 0xC013, 0x002F];
        AddU16(body, (ushort)(suites.Length * 2));
        foreach (var suite in suites) AddU16(body, suite);
        body.AddRange([1, 0]); // compression: null only

        var extensions = new List<byte>();
        var host = Encoding.ASCII.GetBytes("localhost");
        AddExtension(extensions, 0x0000, [.. U16((ushort)(host.Length + 3)), 0, .. U16((ushort)host.Length), .. host]); // server_name
        AddExtension(extensions, 0x000A, [0, 4, 0x00, 0x17, 0x00, 0x1D]); // supported_groups: secp256r1, x25519
        AddExtension(extensions, 0x000B, [1, 0]); // ec_point_formats: uncompressed
        if (version >= Tls12) AddExtension(extensions, 0x000D, [0, 6, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01]); // signature_algorithms
        AddExtension(extensions, 0xFF01, [0]); // renegotiation_info
        AddU16(body, (ushort)extensions.Count);
        body.AddRange(extensions);

        var handshake = new List<byte> { 1, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        return [0x16, 0x03, 0x01, .. U16((ushort)handshake.Count), .. handshake];
    }

    /// <summary>Sends the hello for <paramref name="version"/> to 127.0.0.1:<paramref name="port"/> and classifies the first record that comes back.</summary>
    public static async Task<(ServerReply Reply, string Detail)> OfferAsync(int port, ushort version, ushort[]? suites = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Build(version, suites));
        var header = new byte[7];
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        try
        {
            read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, guard.Token);
        }
        catch (IOException e)
        {
            return (ServerReply.Closed, e.Message);
        }
        var hex = Convert.ToHexString(header, 0, read);
        if (read < header.Length) return (ServerReply.Closed, $"{read} bytes then close: {hex}");
        return header[0] switch
        {
            0x16 when header[5] == 2 => (ServerReply.ServerHello, hex),
            0x15 => (ServerReply.Alert, $"alert level {header[5]} description {header[6]}: {hex}"),
            _ => (ServerReply.Other, hex),
        };
    }

    private static void AddExtension(List<byte> extensions, ushort type, byte[] data)
    {
        AddU16(extensions, type);
        AddU16(extensions, (ushort)data.Length);
        extensions.AddRange(data);
    }

    private static void AddU16(List<byte> bytes, ushort value) => bytes.AddRange(U16(value));

    private static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }
}
