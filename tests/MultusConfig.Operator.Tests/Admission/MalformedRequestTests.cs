using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>
/// Whatever arrives, the webhook answers with a well-formed AdmissionReview denial (uid echoed when it can be
/// found) or a 4xx — never a 5xx, a dropped connection, or a crash — and it keeps serving afterwards.
/// </summary>
public sealed class MalformedRequestTests : IAsyncLifetime
{
    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync(new FakeNadOwners());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string ValidReview(Action<JsonObject> edit)
    {
        var review = Reviews.Review("CREATE", Reviews.Smc("net1", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}"""), uid: "uid-1");
        edit(review);
        return review.ToJsonString();
    }

    /// <summary>Bodies that are not JSON objects at all: only a 400 makes sense.</summary>
    public static TheoryData<string, byte[]> Unreadable() => new()
    {
        { "empty body", [] },
        { "not JSON", "hello, webhook"u8.ToArray() },
        { "JSON array", "[1,2,3]"u8.ToArray() },
        { "JSON string", "\"AdmissionReview\""u8.ToArray() },
        { "truncated JSON", Encoding.UTF8.GetBytes(ValidReview(_ => { })[..200]) },
        { "invalid UTF-8", [.. "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Adm"u8, 0xC3, 0x28, .. "\"}"u8] },
        { "duplicate keys", Encoding.UTF8.GetBytes(ValidReview(_ => { }).Replace("{\"apiVersion\"", "{\"kind\":\"Other\",\"apiVersion\"", StringComparison.Ordinal)) },
        { "nesting 10000 deep", Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)) },
        { "object nested past the 64-level limit", Encoding.UTF8.GetBytes(ValidReview(r => r["request"]!["object"]!["spec"]!["deep"] = JsonNode.Parse(new string('[', 62) + new string(']', 62)))) },
        { "trailing garbage", Encoding.UTF8.GetBytes(ValidReview(_ => { }) + "}") },
        // Valid JSON, but no .NET string can hold a lone surrogate: found by the fuzzer (Reliability/WebhookFuzzTests).
        { "lone surrogate escape in metadata.name", Encoding.UTF8.GetBytes(ValidReview(r => r["request"]!["object"]!["metadata"]!["name"] = "@").Replace("\"@\"", "\"\\ud800x\"", StringComparison.Ordinal)) },
        { "lone surrogate escape in the uid", Encoding.UTF8.GetBytes(ValidReview(_ => { }).Replace("\"uid-1\"", "\"\\udc00\"", StringComparison.Ordinal)) },
        { "lone surrogate escape in a key", Encoding.UTF8.GetBytes(ValidReview(_ => { }).Replace("\"cniType\"", "\"\\uD83D\":1,\"cniType\"", StringComparison.Ordinal)) },
    };

    /// <summary>JSON objects that are not a usable review: a denial, with the uid when the request has one.</summary>
    public static TheoryData<string, string, string> MalformedReviews() => new()
    {
        { "wrong apiVersion", ValidReview(r => r["apiVersion"] = "admission.k8s.io/v1beta1"), "uid-1" },
        { "wrong kind", ValidReview(r => r["kind"] = "TokenReview"), "uid-1" },
        { "no apiVersion or kind", """{"request":{"uid":"uid-2"}}""", "uid-2" },
        { "missing request", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "" },
        { "request is a string", """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":"x"}""", "" },
        { "missing uid", ValidReview(r => r["request"]!.AsObject().Remove("uid")), "" },
        { "uid is a number", ValidReview(r => r["request"]!["uid"] = 42), "" },
        { "missing object on CREATE", ValidReview(r => r["request"]!.AsObject().Remove("object")), "uid-1" },
        { "object is a number", ValidReview(r => r["request"]!["object"] = 5), "uid-1" },
        { "object of another kind", ValidReview(r => r["request"]!["object"] = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""")), "uid-1" },
        { "request.kind of another resource", ValidReview(r => r["request"]!["kind"] = JsonNode.Parse("""{"group":"","version":"v1","kind":"Secret"}""")), "uid-1" },
        { "UPDATE without oldObject", ValidReview(r => r["request"]!["operation"] = "UPDATE"), "uid-1" },
        { "unknown operation", ValidReview(r => r["request"]!["operation"] = "PATCH"), "uid-1" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task UnreadableBody_IsAnswered400ByBothWebhooks(string _, byte[] body)
    {
        foreach (var path in new[] { Reviews.MutatePath, Reviews.ValidatePath })
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

            var (status, _, text) = await _host.PostAsync(path, content);

            Assert.True(status == HttpStatusCode.BadRequest, $"{path}: HTTP {(int)status} {text}");
        }
        await AssertStillServingAsync();
    }

    [Theory]
    [MemberData(nameof(MalformedReviews))]
    public async Task MalformedReview_IsDeniedWithAWellFormedReviewByBothWebhooks(string _, string body, string expectedUid)
    {
        foreach (var path in new[] { Reviews.MutatePath, Reviews.ValidatePath })
        {
            var (status, review, text) = await _host.PostAsync(path, body);

            Assert.True(status == HttpStatusCode.OK, $"{path}: HTTP {(int)status} {text}");
            Assert.NotNull(review);
            Assert.Equal("admission.k8s.io/v1", (string?)review["apiVersion"]);
            Assert.Equal("AdmissionReview", (string?)review["kind"]);
            var response = review["response"]!;
            Assert.Equal(expectedUid, (string?)response["uid"]);
            Assert.False((bool)response["allowed"]!);
            Assert.Equal(400, (int)response["status"]!["code"]!);
            Assert.StartsWith("malformed admission request: ", (string?)response["status"]!["message"], StringComparison.Ordinal);
        }
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task BodyOf10MiBWithContentLength_IsRefusedWith413()
    {
        using var content = new ByteArrayContent(new byte[10 * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // Kestrel's own 3 MiB limit (the operator's) closes the connection after the 413 rather than drain
        // 10 MiB; a client that uploads before reading would see only the broken pipe. With 100-continue the
        // body waits for the server's go-ahead, and the answer is read (Reliability/HttpAbuseTests does it raw).
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Reviews.ValidatePath, UriKind.Relative)) { Content = content };
        request.Headers.ExpectContinue = true;

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task ChunkedBodyOver3MiB_IsRefusedWith413WhileReading()
    {
        using var content = new StreamContent(new ChunkedFiller(4 * 1024 * 1024));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Assert.Null(content.Headers.ContentLength);

        var (status, _, _) = await _host.PostAsync(Reviews.MutatePath, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task BodyJustUnder3MiB_IsRead()
    {
        var padding = new string(' ', 3 * 1024 * 1024 - 4096);
        var body = ValidReview(_ => { }) + padding;

        var (status, review, text) = await _host.PostAsync(Reviews.ValidatePath, body);

        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal("uid-1", (string?)review!["response"]!["uid"]);
    }

    [Fact]
    public async Task GetInsteadOfPost_IsAClientError()
    {
        using var response = await _host.Client.GetAsync(new Uri(Reviews.ValidatePath, UriKind.Relative));

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task BodyCutOffBeforeItsContentLength_IsNotAnsweredWith5xxAndTheServerKeepsServing()
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _host.Port);
        var ca = _host.Ca.Ca;
        using var tls = new System.Net.Security.SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            certificate is not null && MultusConfig.Operator.Certificates.CertificateInspector.ChainsTo(
                System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), ca, DateTimeOffset.UtcNow));
        await tls.AuthenticateAsClientAsync("localhost");
        var head = $"POST {Reviews.ValidatePath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head + "{\"apiVersion\":\"admission.k8s.io/v1\""));
        await tls.FlushAsync();
        tcp.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        var answer = new MemoryStream();
        try
        {
            await tls.CopyToAsync(answer);
        }
        catch (IOException)
        {
            // The server may simply close the connection: there is no request to answer.
        }

        var text = Encoding.ASCII.GetString(answer.ToArray());
        Assert.False(text.StartsWith("HTTP/1.1 5", StringComparison.Ordinal), text);
        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        var response = await _host.ReviewAsync(Reviews.ValidatePath, Reviews.Review("CREATE", Reviews.Smc("ok", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""")));
        Assert.True((bool)response["allowed"]!);
    }

    /// <summary>A body of unknown length (sent chunked), so only the server's running count can stop it.</summary>
    private sealed class ChunkedFiller(int length) : Stream
    {
        private int _sent;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _sent; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, length - _sent);
            Array.Fill(buffer, (byte)' ', offset, n);
            _sent += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
