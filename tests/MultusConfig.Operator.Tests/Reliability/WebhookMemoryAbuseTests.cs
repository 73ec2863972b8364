using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MultusConfig.Operator.Tests.Admission;
using Xunit.Abstractions;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The real operator binary with its GC heap capped at 192 MiB, attacked on the webhook port with the two
/// memory attacks of issue 19.6: many parallel 3 MB reviews, and many slow senders that each declare 3 MiB.
/// Throughout, a client that sends valid reviews on its own keep-alive connection (as the API server does)
/// gets every one answered, no answer to anyone is a 5xx, and the process lives. Counts, not timings.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class WebhookMemoryAbuseTests(ITestOutputHelper output)
{
    /// <summary>192 MiB in the hexadecimal the runtime reads.</summary>
    private static readonly Dictionary<string, string> HeapLimit = new() { ["DOTNET_GCHeapHardLimit"] = "0xC000000" };

    private const string Spec = """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""";

    [Fact]
    public async Task A_192MiB_operator_under_parallel_3MB_reviews_and_slow_3MiB_senders_answers_every_valid_review_and_never_5xx()
    {
        await using var op = await FuzzedOperator.StartAsync(HeapLimit);
        using var genuine = op.Client();
        var valid = new ValidReviewer(genuine);
        Assert.Equal(0, await valid.SendAsync()); // the keep-alive connection exists before the attack

        var parallel = await valid.DuringAsync(() => ParallelLargeReviewsAsync(op, count: 200));
        output.WriteLine($"200 parallel 3 MB reviews: {Describe(parallel)}; valid reviews meanwhile: {valid.Sent} sent, {valid.Failed} failed");

        var slow = await valid.DuringAsync(() => SlowSendersAsync(op, count: 70, seconds: 12));
        output.WriteLine($"70 slow senders: {Describe(slow)}; valid reviews in all: {valid.Sent} sent, {valid.Failed} failed");
        output.WriteLine(valid.Problems.FirstOrDefault() ?? "");

        Assert.False(op.HasExited, "the operator exited:\n" + Tail(op.Output));
        Assert.DoesNotContain(parallel.Keys, s => s >= 500);
        Assert.DoesNotContain(slow.Keys, s => s >= 500);
        Assert.True(valid.Failed == 0, $"{valid.Failed} of {valid.Sent} valid reviews failed: {string.Join("; ", valid.Problems.Take(3))}\n{Tail(op.Output)}");
        Assert.True(valid.Sent >= 4);
        Assert.Equal(0, await valid.SendAsync()); // and after
        Assert.DoesNotContain("OutOfMemoryException", op.Output, StringComparison.Ordinal);
    }

    /// <summary>Status code → count; 0 stands for a connection closed or reset without an answer.</summary>
    private static async Task<Dictionary<int, int>> ParallelLargeReviewsAsync(FuzzedOperator op, int count)
    {
        // A valid review padded with an annotation to just under the 3 MiB limit.
        var review = Reviews.Review("CREATE", Reviews.Smc("big", Spec, annotations: new JsonObject { ["pad"] = new string('x', 3_000_000) }.ToJsonString(), ns: "team1"));
        var body = Encoding.UTF8.GetBytes(review.ToJsonString());
        using var attacker = op.Client();
        var codes = new ConcurrentBag<int>();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                using var response = await attacker.PostAsync(new Uri(Reviews.ValidatePath, UriKind.Relative), content);
                codes.Add((int)response.StatusCode);
            }
            catch (HttpRequestException)
            {
                codes.Add(0);
            }
        }));
        return Tally(codes);
    }

    /// <summary>Each sender declares 3 MiB and sends 300 bytes a second (above Kestrel's minimum rate), reads any early answer, then closes.</summary>
    private static async Task<Dictionary<int, int>> SlowSendersAsync(FuzzedOperator op, int count, int seconds)
    {
        var codes = new ConcurrentBag<int>();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            try
            {
                await using var connection = await RawHttpsConnection.OpenAsync(op.WebhookPort, op.Ca, targetHost: CertificateReplica.ServiceHost);
                await connection.WriteAsync($"POST {Reviews.ValidatePath} HTTP/1.1\r\nHost: {CertificateReplica.ServiceHost}\r\nContent-Type: application/json\r\nContent-Length: {3 * 1024 * 1024}\r\n\r\n{{");
                var chunk = new string(' ', 300);
                for (var i = 0; i < seconds; i++)
                {
                    await Task.Delay(1000);
                    await connection.WriteAsync(chunk);
                }
                // An answer the server gave early (a 500 from a failed allocation, a 429) is waiting in the socket.
                var early = await connection.ReadResponseAsync(TimeSpan.FromSeconds(1));
                codes.Add(early?.Status ?? 0);
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                codes.Add(0);
            }
        }));
        return Tally(codes);
    }

    private static Dictionary<int, int> Tally(IEnumerable<int> codes) => codes.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());

    private static string Describe(Dictionary<int, int> codes) =>
        string.Join(", ", codes.OrderBy(c => c.Key).Select(c => $"{(c.Key == 0 ? "no answer" : c.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {c.Value}"));

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    /// <summary>Sends valid reviews one after another on its keep-alive connection and counts those not answered with an allowed review.</summary>
    private sealed class ValidReviewer(HttpClient client)
    {
        public int Sent { get; private set; }
        public int Failed { get; private set; }
        public List<string> Problems { get; } = [];

        /// <summary>Sends one review; 1 if it failed.</summary>
        public async Task<int> SendAsync()
        {
            Sent++;
            var uid = Guid.NewGuid().ToString();
            var review = Reviews.Review("CREATE", Reviews.Smc("genuine", Spec, ns: "team1"), uid: uid);
            try
            {
                using var content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json");
                // The API server gives up on a webhook after at most 30 s (timeoutSeconds); so does this client.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var response = await client.PostAsync(new Uri(Reviews.ValidatePath, UriKind.Relative), content, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(text)?["response"] is { } answer
                    && (string?)answer["uid"] == uid && (bool?)answer["allowed"] == true)
                    return 0;
                Problems.Add($"{(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}");
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException or OperationCanceledException)
            {
                Problems.Add(e.GetType().Name + ": " + e.Message);
            }
            Failed++;
            return 1;
        }

        /// <summary>Runs <paramref name="attack"/> and sends valid reviews until it ends.</summary>
        public async Task<T> DuringAsync<T>(Func<Task<T>> attack)
        {
            var running = Task.Run(attack);
            while (!running.IsCompleted)
            {
                await SendAsync();
                await Task.WhenAny(running, Task.Delay(200));
            }
            return await running;
        }
    }
}
