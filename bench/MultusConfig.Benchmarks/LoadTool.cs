using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MultusConfig.Benchmarks;

/// <summary>
/// The webhook load generator, run as its own process (<c>load URL RATE SECONDS OUT</c> for a fixed rate,
/// <c>saturate URL CONCURRENCY SECONDS OUT</c> for throughput) so it does not share a GC or thread pool with
/// the operator. Requests alternate between the validating and the mutating webhook.
/// </summary>
internal static class LoadTool
{
    private const string Validate = "/validate-spiderpool-spidernet-io-v2beta1-spidermultusconfig";
    private const string Mutate = "/mutate-spiderpool-spidernet-io-v2beta1-spidermultusconfig";

    public static async Task<int> MainAsync(string[] args)
    {
        var (mode, url, n, seconds, output) = (args[0], new Uri(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture), double.Parse(args[3], CultureInfo.InvariantCulture), args[4]);
        using var client = new HttpClient(new SocketsHttpHandler
        {
            // The operator's serving certificate is issued by its own CA for the Service name; this tool only
            // talks to 127.0.0.1, so the chain is not what is measured here.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            MaxConnectionsPerServer = 256,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        }) { BaseAddress = url, DefaultRequestVersion = HttpVersion.Version11 };
        var body = Encoding.UTF8.GetBytes(Review().ToJsonString());

        await ClosedLoopAsync(client, body, 8, 2); // warm-up: JIT, TLS handshakes, connection pool
        JsonObject result = mode == "load" ? await FixedRateAsync(client, body, n, seconds) : await ClosedLoopAsync(client, body, n, seconds);
        await File.WriteAllTextAsync(output, result.ToJsonString());
        return 0;
    }

    /// <summary>A CREATE review of the macvlan example, as the API server sends it.</summary>
    private static JsonObject Review() => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = "0f8d3c9e-5a51-4d7b-9b8e-3a1f7c2e6d40",
            ["kind"] = new JsonObject { ["group"] = Cluster.SmcGroup, ["version"] = Cluster.SmcVersion, ["kind"] = "SpiderMultusConfig" },
            ["resource"] = new JsonObject { ["group"] = Cluster.SmcGroup, ["version"] = Cluster.SmcVersion, ["resource"] = Cluster.SmcPlural },
            ["name"] = "bench-webhook",
            ["namespace"] = "webhook",
            ["operation"] = "CREATE",
            ["userInfo"] = new JsonObject { ["username"] = "bench" },
            ["object"] = Cluster.Smc("webhook", "bench-webhook"),
            ["dryRun"] = false,
        },
    };

    private static async Task<(bool Ok, long Done)> SendAsync(HttpClient client, byte[] body, int i, Action? sending = null)
    {
        sending?.Invoke();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync(new Uri(i % 2 == 0 ? Validate : Mutate, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.IsSuccessStatusCode && text.Contains("\"allowed\":true", StringComparison.Ordinal), Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// Open loop at a fixed rate: request i is due at start + i/rate and its latency counts from that due
    /// time, so a stall shows in the percentiles instead of silently lowering the rate (coordinated omission).
    /// </summary>
    private static async Task<JsonObject> FixedRateAsync(HttpClient client, byte[] body, int rate, double seconds)
    {
        var total = (int)(rate * seconds);
        var tasks = new List<Task<(double Ms, bool Ok, int Kind, double LateMs)>>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)((double)i / rate * Stopwatch.Frequency);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 1000) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                // How late the request left against its due time: the tool's own timer and thread-pool delay,
                // reported apart so that it can be told from the operator's.
                long sent = 0;
                var (ok, done) = await SendAsync(client, body, index, () => sent = Stopwatch.GetTimestamp());
                return ((double)(done - due) * 1000 / Stopwatch.Frequency, ok, index % 2, (double)(sent - due) * 1000 / Stopwatch.Frequency);
            }));
        }
        var all = await Task.WhenAll(tasks);
        var elapsed = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
        JsonObject Summary(IEnumerable<(double Ms, bool Ok, int Kind, double LateMs)> xs)
        {
            var ms = xs.Select(x => x.Ms).ToArray();
            return new() { ["p50"] = Stats.Percentile(ms, 50), ["p99"] = Stats.Percentile(ms, 99), ["max"] = ms.Max(), ["count"] = ms.Length };
        }
        return new()
        {
            ["all"] = Summary(all), ["validate"] = Summary(all.Where(x => x.Kind == 0)), ["mutate"] = Summary(all.Where(x => x.Kind == 1)),
            ["failed"] = all.Count(x => !x.Ok), ["achievedRate"] = total / elapsed,
            ["sendLateness"] = new JsonObject { ["p50"] = Stats.Percentile(all.Select(x => x.LateMs).ToArray(), 50), ["p99"] = Stats.Percentile(all.Select(x => x.LateMs).ToArray(), 99) },
        };
    }

    /// <summary>Closed loop: CONCURRENCY requests always in flight; completions per second is the saturated throughput.</summary>
    private static async Task<JsonObject> ClosedLoopAsync(HttpClient client, byte[] body, int concurrency, double seconds)
    {
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var start = Stopwatch.GetTimestamp();
        var done = 0;
        var failed = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            for (var i = w; Stopwatch.GetTimestamp() < end; i++)
            {
                var (ok, _) = await SendAsync(client, body, i);
                if (ok) Interlocked.Increment(ref done);
                else Interlocked.Increment(ref failed);
            }
        })));
        var elapsed = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
        return new() { ["perSecond"] = done / elapsed, ["completed"] = done, ["failed"] = failed };
    }
}
