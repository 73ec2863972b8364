using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MultusConfig.Operator.Admission;
using MultusConfig.Operator.Tests.Admission;
using Xunit.Abstractions;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// Seeded fuzzing of both webhooks of the real operator process over HTTPS with AdmissionReviews mutated from
/// valid ones, while a prober checks that valid reviews keep getting their right answer. MULTUS_CONFIG_FUZZ_COUNT and
/// MULTUS_CONFIG_FUZZ_SEED set the run; MULTUS_CONFIG_SOAK=1 adds the latency bound (bench/soak-webhook.sh).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class WebhookFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Far above any honest answer time even on a loaded machine: reaching it means the webhook hung.</summary>
    private static readonly TimeSpan GuardTimeout = TimeSpan.FromSeconds(10);
    private const int Senders = 4;
    private const int MaxReportedFailures = 20;
    private const string ProbeSpec = """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""";

    private FuzzedOperator _operator = null!;

    public async Task InitializeAsync() => _operator = await FuzzedOperator.StartAsync();

    public async Task DisposeAsync() => await _operator.DisposeAsync();

    [Fact]
    public async Task Mutated_reviews_get_a_well_formed_review_or_a_4xx_and_valid_reviews_sent_meanwhile_keep_their_answer()
    {
        var settings = FuzzSettings.FromEnvironment();
        output.WriteLine($"fuzz: seed={settings.Seed} count={settings.Count} soak={settings.Soak} (reproduce with MULTUS_CONFIG_FUZZ_SEED={settings.Seed} MULTUS_CONFIG_FUZZ_COUNT={settings.Count})");
        using var fuzzClient = _operator.Client();
        using var probeClient = _operator.Client();
        var pausedBefore = GC.GetTotalPauseDuration();
        var expectedPatch = await MutatePatchAsync(probeClient);

        var failures = new ConcurrentQueue<string>();
        var counts = new StatusCounts();
        var latencies = new LatencyRecorder();
        using var fuzzDone = new CancellationTokenSource();
        var prober = Task.Run(() => ProbeAsync(probeClient, expectedPatch, latencies, failures, fuzzDone.Token));
        var next = -1;
        var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < settings.Count && failures.Count < MaxReportedFailures; i = Interlocked.Increment(ref next))
                await SendAsync(fuzzClient, FuzzCaseGenerator.Generate(settings.Seed, i), counts, failures);
        })).ToList();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(senders);
        await fuzzDone.CancelAsync();
        await prober;

        var line = string.Create(CultureInfo.InvariantCulture,
            $"fuzz: requests={counts.Requests} 2xx={counts.Success} 4xx={counts.ClientError} 5xx={counts.ServerError} hangs={counts.Hangs} failures={failures.Count} valid_p99_ms={latencies.Percentile(99):F1}");
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"fuzz: valid_requests={latencies.Count} valid_p50_ms={latencies.Percentile(50):F1} valid_p99_ms={latencies.Percentile(99):F1} dropped={counts.Dropped} elapsed_s={Stopwatch.GetElapsedTime(started).TotalSeconds:F1} fuzzer_gc_pause_ms={(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:F0}");
        output.WriteLine(line);
        output.WriteLine(detail);
        Console.WriteLine(line);
        Console.WriteLine(detail);

        var errors = _operator.ErrorLines().Take(5).ToList();
        Assert.True(failures.IsEmpty && errors.Count == 0,
            $"seed {settings.Seed} (set MULTUS_CONFIG_FUZZ_SEED={settings.Seed} to reproduce):\n" + string.Join("\n", failures.Take(MaxReportedFailures).Concat(errors)));
        Assert.Equal(settings.Count, counts.Requests);
        Assert.True(latencies.Count > 0, "the prober got no answer in during the fuzz");
        // Malformed requests are logged at most a burst per window per webhook, and requests themselves not at all,
        // so a flood of them cannot flood the log; the allowance covers start-up lines.
        var logBound = 50 + 2 * (MalformedRequestLog.Burst + 1) * ((int)Math.Ceiling(_operator.Lifetime / MalformedRequestLog.Window) + 1);
        Assert.True(_operator.OutputLines <= logBound, $"{_operator.OutputLines} log lines for {counts.Requests} requests (at most {logBound}):\n{string.Join('\n', _operator.Output.Split('\n').Take(20))}");
        // The process is still up and answering after everything it was sent.
        Assert.False(_operator.HasExited, "the operator exited during the fuzz:\n" + _operator.Output);
        await ProbeOnceAsync(probeClient, Reviews.ValidatePath, null);
        if (settings.Soak)
            Assert.True(latencies.Percentile(99) <= 20, $"valid reviews answered at p99 {latencies.Percentile(99):F1} ms during the fuzz, above 20 ms");
    }

    private static async Task SendAsync(HttpClient client, FuzzCase fuzzCase, StatusCounts counts, ConcurrentQueue<string> failures)
    {
        using var content = new ByteArrayContent(fuzzCase.Body);
        if (fuzzCase.ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", fuzzCase.ContentType);
        using var guard = new CancellationTokenSource(GuardTimeout);
        try
        {
            using var response = await client.PostAsync(new Uri(fuzzCase.Path, UriKind.Relative), content, guard.Token);
            var body = await response.Content.ReadAsByteArrayAsync(guard.Token);
            var status = (int)response.StatusCode;
            counts.Count(status);
            if (AnswerCheck.Problem(status, response.Content.Headers.ContentType?.MediaType, body, fuzzCase.Path, AnswerCheck.ExpectedUid(fuzzCase.Body)) is { } problem)
                failures.Enqueue($"{fuzzCase.Description}\n  -> {problem}");
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            counts.Hang();
            failures.Enqueue($"{fuzzCase.Description}\n  -> no answer within {GuardTimeout.TotalSeconds} s");
        }
        catch (HttpRequestException) when (fuzzCase.Body.Length > AdmissionEndpoint.MaxBodyBytes)
        {
            // Several huge payloads in one case can pass the 3 MiB limit: Kestrel answers 413 and closes the
            // connection before the upload ends, so the client sees a broken pipe. That is the refusal we want.
            counts.Count(413);
        }
        catch (HttpRequestException e)
        {
            counts.Drop();
            failures.Enqueue($"{fuzzCase.Description}\n  -> the connection failed: {e.Message} {e.InnerException?.Message}");
        }
    }

    /// <summary>Valid reviews to alternate webhooks, back to back with a short pause, until the fuzz is over.</summary>
    private static async Task ProbeAsync(HttpClient client, string expectedPatch, LatencyRecorder latencies, ConcurrentQueue<string> failures, CancellationToken fuzzDone)
    {
        var path = Reviews.ValidatePath;
        while (!fuzzDone.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await ProbeOnceAsync(client, path, path == Reviews.MutatePath ? expectedPatch : null);
                latencies.Add(Stopwatch.GetElapsedTime(started));
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or HttpRequestException or OperationCanceledException)
            {
                failures.Enqueue($"valid review to {path} during the fuzz: {e.Message}");
            }
            path = path == Reviews.ValidatePath ? Reviews.MutatePath : Reviews.ValidatePath;
            try
            {
                await Task.Delay(2, fuzzDone);
            }
            catch (OperationCanceledException)
            {
                // The fuzz is over.
            }
        }
    }

    /// <summary>Sends the probe review and checks the answer is the right one: allowed, and for mutate exactly the expected patch.</summary>
    private static async Task<string?> ProbeOnceAsync(HttpClient client, string path, string? expectedPatch)
    {
        var uid = Guid.NewGuid().ToString();
        var review = Reviews.Review("CREATE", Reviews.Smc("probe", ProbeSpec, ns: "team1"), uid: uid);
        using var guard = new CancellationTokenSource(GuardTimeout);
        using var content = new StringContent(review.ToJsonString(), new MediaTypeHeaderValue("application/json"));
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content, guard.Token);
        var body = await response.Content.ReadAsByteArrayAsync(guard.Token);
        if (AnswerCheck.Problem((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, path, uid) is { } problem)
            throw new Xunit.Sdk.XunitException(problem);
        if ((int)response.StatusCode != 200) throw new Xunit.Sdk.XunitException($"HTTP {(int)response.StatusCode}");
        var answer = JsonNode.Parse(body)!["response"]!;
        if (!(bool)answer["allowed"]!) throw new Xunit.Sdk.XunitException("the valid review was denied: " + answer.ToJsonString());
        var patch = (string?)answer["patch"];
        if (path == Reviews.MutatePath && expectedPatch is not null && patch != expectedPatch)
            throw new Xunit.Sdk.XunitException($"the valid review got patch {patch}, not {expectedPatch}");
        if (path == Reviews.ValidatePath && patch is not null) throw new Xunit.Sdk.XunitException("the validating webhook answered with a patch");
        return patch;
    }

    /// <summary>The patch the mutating webhook gives the probe review before any fuzzing: what it must keep giving.</summary>
    private static async Task<string> MutatePatchAsync(HttpClient client) =>
        await ProbeOnceAsync(client, Reviews.MutatePath, null) ?? throw new Xunit.Sdk.XunitException("the probe review got no defaults patch");

    private sealed class StatusCounts
    {
        private int _requests, _success, _clientError, _serverError, _hangs, _dropped;

        public int Requests => Volatile.Read(ref _requests);
        public int Success => Volatile.Read(ref _success);
        public int ClientError => Volatile.Read(ref _clientError);
        public int ServerError => Volatile.Read(ref _serverError);
        public int Hangs => Volatile.Read(ref _hangs);
        public int Dropped => Volatile.Read(ref _dropped);

        public void Count(int status)
        {
            Interlocked.Increment(ref _requests);
            if (status is >= 200 and < 300) Interlocked.Increment(ref _success);
            else if (status is >= 400 and < 500) Interlocked.Increment(ref _clientError);
            else if (status >= 500) Interlocked.Increment(ref _serverError);
        }

        public void Hang()
        {
            Interlocked.Increment(ref _requests);
            Interlocked.Increment(ref _hangs);
        }

        public void Drop()
        {
            Interlocked.Increment(ref _requests);
            Interlocked.Increment(ref _dropped);
        }
    }
}
