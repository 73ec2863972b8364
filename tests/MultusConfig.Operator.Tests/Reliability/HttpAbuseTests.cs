using System.Text;
using System.Text.Json.Nodes;
using MultusConfig.Operator.Tests.Admission;
using Xunit.Abstractions;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// HTTP that no API server sends, written by hand over TLS: every answer is a well-formed AdmissionReview or a
/// 4xx (never a 5xx), oversized and slow requests are cut off by the server, and valid reviews from other
/// clients are answered all along.
/// </summary>
public sealed class HttpAbuseTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private const string Spec = """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""";
    private static readonly string[] Paths = [Reviews.ValidatePath, Reviews.MutatePath];

    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync(new FakeNadOwners());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static (string Uid, string Json) ValidReview()
    {
        var uid = Guid.NewGuid().ToString();
        return (uid, Reviews.Review("CREATE", Reviews.Smc("raw", Spec, ns: "team1"), uid: uid).ToJsonString());
    }

    private Task<RawHttpsConnection> OpenAsync() => RawHttpsConnection.OpenAsync(_host.Port, _host.Ca.Ca);

    /// <summary>Sends the bytes on a fresh connection and returns the answer (failing on none), checked against the property.</summary>
    private async Task<RawHttpResponse> ExchangeAsync(string path, string request, string? expectedUid = null)
    {
        await using var connection = await OpenAsync();
        await connection.WriteAsync(request);
        var response = await connection.ReadResponseAsync(AnswerTimeout);
        Assert.True(response is not null, "the server closed the connection without answering: " + request[..Math.Min(request.Length, 200)]);
        AssertAnswer(response, path, expectedUid);
        return response;
    }

    private static void AssertAnswer(RawHttpResponse response, string path, string? expectedUid)
    {
        var problem = AnswerCheck.Problem(response.Status, response.MediaType, response.Body, path, expectedUid);
        Assert.True(problem is null, problem);
    }

    private async Task AssertValidReviewAnsweredAsync()
    {
        var response = await _host.ReviewAsync(Reviews.ValidatePath, Reviews.Review("CREATE", Reviews.Smc("ok", Spec, ns: "team1")));
        Assert.True((bool)response["allowed"]!);
    }

    [Fact]
    public async Task A_post_without_a_body_is_answered_400_by_both_webhooks()
    {
        foreach (var path in Paths)
        {
            var response = await ExchangeAsync(path, $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n");
            Assert.Equal(400, response.Status);
        }
    }

    [Fact]
    public async Task A_10_MiB_body_is_refused_with_413_without_being_read_and_the_connection_is_closed()
    {
        await using var connection = await OpenAsync();
        await connection.WriteAsync($"POST {Reviews.ValidatePath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {10 * 1024 * 1024}\r\n\r\n");
        // Upload while the answer may already be on its way, as a careless client would; the server may stop
        // reading (and reset) long before the 10 MiB are sent.
        var upload = Task.Run(async () =>
        {
            var block = new byte[64 * 1024];
            Array.Fill(block, (byte)' ');
            try
            {
                for (var sent = 0; sent < 10 * 1024 * 1024; sent += block.Length) await connection.Tls.WriteAsync(block);
            }
            catch (IOException)
            {
                // The server closed the connection: the rest of the body is refused, which is the point.
            }
        });

        var response = await connection.ReadResponseAsync(AnswerTimeout);

        Assert.NotNull(response);
        Assert.True(response.Status is 413 or 400, $"HTTP {response.Status}: {response.BodyText}");
        Assert.True((await connection.WaitForCloseAsync(AnswerTimeout)).Closed, "the connection stayed open for the rest of the 10 MiB body");
        await upload.WaitAsync(AnswerTimeout);
        await AssertValidReviewAnsweredAsync();
    }

    [Fact]
    public async Task Slow_senders_do_not_hold_up_other_clients_and_are_disconnected_by_the_server()
    {
        // One client dribbles its headers, another its body, one byte per second: a slowloris on each stage.
        await using var slowHeaders = await OpenAsync();
        await using var slowBody = await OpenAsync();
        var (_, review) = ValidReview();
        var headers = $"POST {Reviews.ValidatePath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Padding: {new string('p', 200)}\r\nContent-Length: {Encoding.UTF8.GetByteCount(review)}\r\n\r\n";
        await slowBody.WriteAsync(headers);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var dribblers = new[] { Dribble(slowHeaders, headers + review, stop.Token), Dribble(slowBody, review, stop.Token) };
        var closes = new[] { slowHeaders.WaitForCloseAsync(TimeSpan.FromSeconds(90)), slowBody.WaitForCloseAsync(TimeSpan.FromSeconds(90)) };

        // Meanwhile other clients are answered, on new connections and at once.
        for (var i = 0; i < 5; i++)
        {
            await AssertValidReviewAnsweredAsync();
            await Task.Delay(500);
        }

        var (headersClosed, headersAnswer) = await closes[0];
        var (bodyClosed, bodyAnswer) = await closes[1];
        await stop.CancelAsync();
        await Task.WhenAll(dribblers);
        output.WriteLine($"slow headers answered: {FirstLine(headersAnswer)}; slow body answered: {FirstLine(bodyAnswer)}");
        Assert.True(headersClosed, "the server kept a connection whose headers arrive at one byte per second");
        Assert.True(bodyClosed, "the server kept a connection whose body arrives at one byte per second");
        Assert.False(headersAnswer.StartsWith("HTTP/1.1 5", StringComparison.Ordinal), headersAnswer);
        Assert.False(bodyAnswer.StartsWith("HTTP/1.1 5", StringComparison.Ordinal), bodyAnswer);
        await AssertValidReviewAnsweredAsync();
    }

    private static string FirstLine(string text) => text.Length == 0 ? "(nothing)" : text.Split("\r\n")[0];

    private static Task Dribble(RawHttpsConnection connection, string text, CancellationToken stop) => Task.Run(
        async () =>
    {
        try
        {
            foreach (var b in Encoding.UTF8.GetBytes(text))
            {
                await connection.Tls.WriteAsync(new[] { b }, stop);
                await connection.Tls.FlushAsync(stop);
                await Task.Delay(1000, stop);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Cut off by the server (the point of the test), or the test is over.
        }
    }, CancellationToken.None);

    [Fact]
    public async Task Valid_reviews_are_answered_while_500_idle_TLS_connections_are_open()
    {
        var idle = new List<RawHttpsConnection>();
        try
        {
            for (var batch = 0; batch < 10; batch++)
                idle.AddRange(await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => OpenAsync())));

            for (var i = 0; i < 10; i++) await AssertValidReviewAnsweredAsync();
            // The idle connections are live ones, not a backlog the server never accepted.
            var (uid, review) = ValidReview();
            await idle[^1].WriteAsync(RawHttpsConnection.Post(Reviews.ValidatePath, review));
            var response = await idle[^1].ReadResponseAsync(AnswerTimeout);
            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
            AssertAnswer(response, Reviews.ValidatePath, uid);
        }
        finally
        {
            foreach (var connection in idle) await connection.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task Other_methods_on_the_review_paths_are_a_client_error(string method)
    {
        var (_, review) = ValidReview();
        foreach (var path in Paths)
        {
            var response = await ExchangeAsync(path, RawHttpsConnection.Post(path, review).Replace("POST ", method + " ", StringComparison.Ordinal));
            Assert.InRange(response.Status, 400, 499);
        }
    }

    public static TheoryData<string, string> BadChunking() => new()
    {
        { "chunk shorter than its size", "400\r\n{\"apiVersion\":\"admission.k8s.io/v1\"}\r\n0\r\n\r\n" },
        { "chunk longer than its size", "5\r\n{\"apiVersion\":\"admission.k8s.io/v1\"}\r\n0\r\n\r\n" },
        { "size not hexadecimal", "zz\r\n{}\r\n0\r\n\r\n" },
        { "size beyond any integer", "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n" },
        { "negative size", "-5\r\n{}\r\n0\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(BadChunking))]
    public async Task A_chunked_body_with_wrong_chunk_sizes_is_a_client_error(string _, string chunks)
    {
        foreach (var path in Paths)
        {
            await using var connection = await OpenAsync();
            await connection.WriteAsync($"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{chunks}");
            var response = await connection.ReadResponseAsync(AnswerTimeout);
            // A chunk shorter than announced leaves the server waiting for the rest: it may time out and close
            // without a word; anything it does say must be a client error.
            if (response is not null) Assert.InRange(response.Status, 400, 499);
        }
        await AssertValidReviewAnsweredAsync();
    }

    [Fact]
    public async Task A_request_with_both_Content_Length_and_chunked_encoding_is_refused_or_read_by_its_chunks_and_the_connection_closed()
    {
        var (uid, review) = ValidReview();
        var chunked = $"{Encoding.UTF8.GetByteCount(review):X}\r\n{review}\r\n0\r\n\r\n";
        await using var connection = await OpenAsync();
        await connection.WriteAsync($"POST {Reviews.ValidatePath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n{chunked}");

        var response = await connection.ReadResponseAsync(AnswerTimeout);

        // RFC 9112 §6.3: Transfer-Encoding wins over Content-Length, and the server must close the connection
        // afterwards, so nothing after the body can be smuggled in as a second request.
        Assert.NotNull(response);
        AssertAnswer(response, Reviews.ValidatePath, uid);
        Assert.True((await connection.WaitForCloseAsync(AnswerTimeout)).Closed, "the connection stayed open after a request framed two ways");
    }

    [Fact]
    public async Task A_valid_chunked_review_is_answered()
    {
        var (uid, review) = ValidReview();
        var half = review.Length / 2;
        var chunks = $"{Encoding.UTF8.GetByteCount(review[..half]):X}\r\n{review[..half]}\r\n{Encoding.UTF8.GetByteCount(review[half..]):X}\r\n{review[half..]}\r\n0\r\n\r\n";
        var response = await ExchangeAsync(Reviews.MutatePath,
            $"POST {Reviews.MutatePath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{chunks}", uid);
        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task An_HTTP_1_0_review_is_answered_and_the_connection_then_closed()
    {
        var (uid, review) = ValidReview();
        await using var connection = await OpenAsync();
        await connection.WriteAsync(RawHttpsConnection.Post(Reviews.ValidatePath, review, "HTTP/1.0"));

        var response = await connection.ReadResponseAsync(AnswerTimeout);

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        AssertAnswer(response, Reviews.ValidatePath, uid);
        Assert.True((bool)JsonNode.Parse(response.Body)!["response"]!["allowed"]!);
        Assert.True((await connection.WaitForCloseAsync(AnswerTimeout)).Closed, "an HTTP/1.0 connection without keep-alive stayed open");
    }

    [Fact]
    public async Task An_HTTP_1_0_post_without_Content_Length_is_answered_400()
    {
        var response = await ExchangeAsync(Reviews.ValidatePath, $"POST {Reviews.ValidatePath} HTTP/1.0\r\nContent-Type: application/json\r\n\r\n");
        Assert.Equal(400, response.Status);
    }
}
