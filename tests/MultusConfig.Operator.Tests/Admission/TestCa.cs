using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MultusConfig.Operator.Certificates;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>A CA and serving certificate made by the operator's own certificate code, and an HttpClient that trusts only that CA.</summary>
internal sealed class TestCa : IDisposable
{
    public TestCa(string service = "multus-config-webhook", string ns = "multus-system")
    {
        Names = new ServingCertificateNames(service, ns);
        Bundle = CertificateBundle.Issue(Names, DateTimeOffset.UtcNow, new WebhookCertificateSettings());
        Ca = Bundle.LoadCa();
        Serving = Bundle.LoadServing();
    }

    public ServingCertificateNames Names { get; }
    public CertificateBundle Bundle { get; }
    public X509Certificate2 Ca { get; }
    public X509Certificate2 Serving { get; }

    /// <summary>The host name is checked by SslStream; the chain is checked here against the CA alone, not the machine's roots.</summary>
    /// <param name="seen">Receives each certificate the server presented.</param>
    /// <param name="connectTo">Where to connect whatever the URL's host is, like a DNS entry for a Service name.</param>
    /// <param name="reuseConnections">Keep connections open between requests (load tests); by default each request has its own.</param>
    public static HttpClient ClientTrusting(X509Certificate2 ca, Uri baseAddress, Action<X509Certificate2>? seen = null, System.Net.IPEndPoint? connectTo = null, bool reuseConnections = false)
    {
        var handler = new SocketsHttpHandler
        {
            // A new connection, hence a new handshake, per client: renewal tests must see the current certificate.
            PooledConnectionLifetime = reuseConnections ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
                    var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    seen?.Invoke(leaf);
                    return CertificateInspector.ChainsTo(leaf, ca, DateTimeOffset.UtcNow);
                },
            },
        };
        if (connectTo is not null)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(connectTo, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            };
        }
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose()
    {
        Ca.Dispose();
        Serving.Dispose();
    }
}
