using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MultusConfig.Operator.Certificates;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// HTTP written by hand over TLS on one TCP connection to 127.0.0.1, for requests no HttpClient would send
/// (bad chunk sizes, HTTP/1.0, dribbled bytes), and a minimal reader of the HTTP/1.x answer.
/// </summary>
internal sealed class RawHttpsConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;

    private RawHttpsConnection(TcpClient tcp, SslStream tls)
    {
        _tcp = tcp;
        Tls = tls;
    }

    public SslStream Tls { get; }

    public static async Task<RawHttpsConnection> OpenAsync(int port, X509Certificate2 ca, SslProtocols protocols = SslProtocols.None, List<SslApplicationProtocol>? alpn = null, string targetHost = "localhost")
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = targetHost,
                EnabledSslProtocols = protocols,
                ApplicationProtocols = alpn ?? [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is not null && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    && CertificateInspector.ChainsTo(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), ca, DateTimeOffset.UtcNow),
            });
            return new RawHttpsConnection(tcp, tls);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public async Task WriteAsync(string ascii) => await WriteAsync(Encoding.UTF8.GetBytes(ascii));

    public async Task WriteAsync(byte[] bytes)
    {
        await Tls.WriteAsync(bytes);
        await Tls.FlushAsync();
    }

    /// <summary>A complete POST of <paramref name="body"/> with its Content-Length.</summary>
    public static string Post(string path, string body, string version = "HTTP/1.1", string extraHeaders = "") =>
        $"POST {path} {version}\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{extraHeaders}\r\n{body}";

    /// <summary>
    /// Reads one HTTP/1.x response (Content-Length, chunked, or up to the close), or null when the server closed
    /// or reset the connection without answering. Throws TimeoutException when nothing complete arrives in time.
    /// </summary>
    public async Task<RawHttpResponse?> ReadResponseAsync(TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            while (true)
            {
                if (RawHttpResponse.TryParse(buffer.ToArray(), closed: false) is { } complete) return complete;
                var n = await Tls.ReadAsync(chunk, guard.Token);
                if (n == 0) break;
                buffer.Write(chunk, 0, n);
            }
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            throw new TimeoutException($"no complete HTTP response within {timeout.TotalSeconds} s; got: {Encoding.UTF8.GetString(buffer.ToArray())}");
        }
        catch (IOException)
        {
            // Reset by the server: whatever arrived before is all there is.
        }
        return RawHttpResponse.TryParse(buffer.ToArray(), closed: true);
    }

    /// <summary>Whether the server has closed (or reset) the connection, waiting up to <paramref name="timeout"/> for it; bytes it sends meanwhile are collected.</summary>
    public async Task<(bool Closed, string Received)> WaitForCloseAsync(TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                var n = await Tls.ReadAsync(chunk, guard.Token);
                if (n == 0) return (true, Encoding.UTF8.GetString(received.ToArray()));
                received.Write(chunk, 0, n);
            }
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            return (false, Encoding.UTF8.GetString(received.ToArray()));
        }
        catch (IOException)
        {
            return (true, Encoding.UTF8.GetString(received.ToArray()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Tls.DisposeAsync();
        _tcp.Dispose();
    }
}
