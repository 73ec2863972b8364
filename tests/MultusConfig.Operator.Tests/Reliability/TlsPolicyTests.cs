using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json.Nodes;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Tests.Admission;
using Xunit.Abstractions;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The webhook speaks TLS 1.2 and 1.3 only and nothing in cleartext. TLS 1.0/1.1 are offered with a
/// hand-written ClientHello because this machine's OpenSSL will not offer them itself; the same hello at 1.2
/// gets a ServerHello, which shows the refusal is about the version and not a malformed hello.
/// </summary>
public sealed class TlsPolicyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync(new FakeNadOwners());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_webhook_listener_is_configured_for_TLS_1_2_and_1_3_only()
    {
        var options = WebhookTls.HttpsOptions(new ServerCertificateProvider());

        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, options.SslProtocols);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task A_client_speaking_only_one_of_TLS_1_2_and_1_3_is_served(SslProtocols protocol)
    {
        await using var connection = await RawHttpsConnection.OpenAsync(_host.Port, _host.Ca.Ca, protocol);
        Assert.Equal(protocol, connection.Tls.SslProtocol);
        var uid = Guid.NewGuid().ToString();
        var review = Reviews.Review("CREATE", Reviews.Smc("tls", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""", ns: "team1"), uid: uid);

        await connection.WriteAsync(RawHttpsConnection.Post(Reviews.ValidatePath, review.ToJsonString()));
        var response = await connection.ReadResponseAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(response);
        Assert.Null(AnswerCheck.Problem(response.Status, response.MediaType, response.Body, Reviews.ValidatePath, uid));
        Assert.True((bool)JsonNode.Parse(response.Body)!["response"]!["allowed"]!);
    }

    [Theory]
    [InlineData(TlsClientHello.Tls10)]
    [InlineData(TlsClientHello.Tls11)]
    public async Task A_TLS_1_0_or_1_1_handshake_is_refused(ushort version)
    {
        var (reply, detail) = await TlsClientHello.OfferAsync(_host.Port, version);
        output.WriteLine($"0x{version:X4}: {reply} ({detail})");

        Assert.True(reply is TlsClientHello.ServerReply.Alert or TlsClientHello.ServerReply.Closed, $"{reply}: {detail}");
        // The same hand-written hello at TLS 1.2 is answered: the refusal above is about the version.
        var (control, controlDetail) = await TlsClientHello.OfferAsync(_host.Port, TlsClientHello.Tls12);
        Assert.True(control == TlsClientHello.ServerReply.ServerHello, $"{control}: {controlDetail}");
    }

    [Fact]
    public async Task A_TLS_1_2_hello_offering_only_CBC_suites_is_refused_and_one_offering_AEAD_suites_is_answered()
    {
        var (cbc, cbcDetail) = await TlsClientHello.OfferAsync(_host.Port, TlsClientHello.Tls12, TlsClientHello.CbcSuites);
        var (aead, aeadDetail) = await TlsClientHello.OfferAsync(_host.Port, TlsClientHello.Tls12, TlsClientHello.AeadSuites);
        output.WriteLine($"CBC only: {cbc} ({cbcDetail}); AEAD: {aead} ({aeadDetail})");

        Assert.True(cbc is TlsClientHello.ServerReply.Alert or TlsClientHello.ServerReply.Closed, $"{cbc}: {cbcDetail}");
        Assert.True(aead == TlsClientHello.ServerReply.ServerHello, $"{aead}: {aeadDetail}");
    }

    [Fact]
    public async Task A_client_offering_HTTP_2_is_answered_over_HTTP_1_1()
    {
        await using (var connection = await RawHttpsConnection.OpenAsync(_host.Port, _host.Ca.Ca, alpn: [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]))
            Assert.Equal(SslApplicationProtocol.Http11, connection.Tls.NegotiatedApplicationProtocol);

        using var http2 = new HttpRequestMessage(HttpMethod.Post, Reviews.ValidatePath)
        {
            Content = new StringContent(Reviews.Review("CREATE", Reviews.Smc("h2", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""", ns: "team1")).ToJsonString(), Encoding.UTF8, "application/json"),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        using var response = await _host.Client.SendAsync(http2);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
    }

    [Fact]
    public async Task A_cleartext_HTTP_review_to_the_webhook_port_gets_no_answer()
    {
        var (closed, received) = await SendCleartextReviewAsync(_host.Port);
        output.WriteLine($"cleartext answer: {(received.Length == 0 ? "(nothing)" : received.Split("\r\n")[0])}");

        Assert.True(closed, "the server kept a cleartext connection open");
        Assert.DoesNotContain("AdmissionReview", received, StringComparison.Ordinal);
        Assert.False(received.StartsWith("HTTP/1.1 2", StringComparison.Ordinal), received);
    }

    /// <summary>Writes a valid review as plain HTTP/1.1 and reads whatever comes back until the server closes.</summary>
    internal static async Task<(bool Closed, string Received)> SendCleartextReviewAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        var review = Reviews.Review("CREATE", Reviews.Smc("plain", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""", ns: "team1")).ToJsonString();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(RawHttpsConnection.Post(Reviews.ValidatePath, review)));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var chunk = new byte[4096];
        try
        {
            while (await stream.ReadAsync(chunk, guard.Token) is var n and > 0) received.Write(chunk, 0, n);
            return (true, Encoding.Latin1.GetString(received.ToArray()));
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            return (false, Encoding.Latin1.GetString(received.ToArray()));
        }
        catch (IOException)
        {
            return (true, Encoding.Latin1.GetString(received.ToArray()));
        }
    }
}
