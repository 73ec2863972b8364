using System.Net.Http;
using System.Net.Sockets;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static MultusConfig.ApiServer.Tests.TestObjects;

namespace MultusConfig.ApiServer.Tests;

/// <summary>
/// Faults for soak and reliability runs: seeded random failures, an API server that goes down and comes
/// back with its data, and watches cut on a period.
/// </summary>
public sealed class OutageAndChaosTests
{
    private static V1ConfigMap Cm(string name) => new() { Metadata = new() { Name = name } };

    private static async Task<List<int>> OutcomesOfReads(int seed)
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("cm"), "default");
        server.Faults.FailRandomly(0.5, [500, 503, 409], seed, verb: "get", resource: "configmaps");
        var outcomes = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            try
            {
                await client.CoreV1.ReadNamespacedConfigMapAsync("cm", "default");
                outcomes.Add(200);
            }
            catch (HttpOperationException e)
            {
                outcomes.Add((int)e.Response.StatusCode);
            }
        }
        Assert.Equal(outcomes.Count(c => c != 200), server.Faults.Injected);
        return outcomes;
    }

    [Fact]
    public async Task FailRandomly_fails_a_share_of_requests_repeatably_for_a_seed_and_never_answers_a_read_with_409()
    {
        var first = await OutcomesOfReads(seed: 7);
        var second = await OutcomesOfReads(seed: 7);

        Assert.Equal(first, second);
        Assert.InRange(first.Count(c => c != 200), 8, 32); // about half of 40
        Assert.DoesNotContain(409, first);
        Assert.Contains(500, first);
        Assert.Contains(503, first);
    }

    [Fact]
    public async Task FailRandomly_draws_409_for_writes_matches_only_its_verb_and_stops_on_Clear()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        server.Faults.FailRandomly(1.0, [409], seed: 1, verb: "create", resource: "configmaps");
        await client.CoreV1.ListNamespacedConfigMapAsync("default"); // another verb: untouched
        var (code, status) = await FailureOf(() => client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a"), "default"));
        Assert.Equal(409, code);
        Assert.Equal("Conflict", status["reason"].Str());

        server.Faults.Clear();
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a"), "default");
        Assert.Equal(1, server.Faults.Injected);
    }

    [Fact]
    public async Task FailRandomly_with_429_sends_Retry_After()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        server.Faults.FailRandomly(1.0, [429], seed: 3, verb: "list", retryAfterSeconds: 2);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedConfigMapAsync("default"));
        Assert.Equal(429, (int)e.Response.StatusCode);
        Assert.Equal("2", e.Response.Headers["Retry-After"].Single());
    }

    [Fact]
    public async Task A_stopped_server_refuses_connections_and_resumes_on_the_same_ports_with_its_data_certificate_and_resourceVersions()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var before = await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("kept"), "default");
        var https = server.HttpsUrl;
        var http = server.HttpUrl;
        var rv = server.ResourceVersion;

        await server.StopServingAsync();
        Assert.True(server.IsStopped);
        // A new client: the first one's kept-alive connection may end with a reset instead (what is
        // proven here is that new connections are refused).
        using var fresh = server.CreateClient();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => fresh.CoreV1.ReadNamespacedConfigMapAsync("kept", "default"));
        Assert.Equal(SocketError.ConnectionRefused, (refused.InnerException as SocketException)?.SocketErrorCode);

        await server.ResumeServingAsync();
        Assert.False(server.IsStopped);
        Assert.Equal(https, server.HttpsUrl);
        Assert.Equal(http, server.HttpUrl);
        // The same client (which trusts only the original certificate) reads the object kept in storage.
        var after = await client.CoreV1.ReadNamespacedConfigMapAsync("kept", "default");
        Assert.Equal(before.Metadata.Uid, after.Metadata.Uid);
        Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        var next = await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("next"), "default");
        Assert.True(long.Parse(next.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > rv);
    }

    [Fact]
    public async Task Stopping_the_server_drops_open_watches_and_a_watch_resumes_after_restart_from_its_resourceVersion()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("first"), "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ended = Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: first.Metadata.ResourceVersion, timeoutSeconds: 60, cancellationToken: cts.Token))
                {
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or HttpIOException)
            {
                // A dropped connection may surface as an error or as the end of the stream.
            }
        });
        await Eventually(() => Task.FromResult(server.OpenWatches == 1), "watch open");

        await server.RestartAsync(TimeSpan.FromMilliseconds(200));

        await ended.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, server.OpenWatches);
        var second = await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("second"), "default");
        var names = new List<string>();
        await foreach (var (_, cm) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: first.Metadata.ResourceVersion, timeoutSeconds: 20, cancellationToken: cts.Token))
        {
            names.Add(cm.Metadata.Name);
            if (cm.Metadata.Name == second.Metadata.Name) break;
        }
        Assert.Equal(["second"], names);
    }

    [Fact]
    public async Task CutWatchesEvery_ends_open_watches_repeatedly_until_disposed()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        // An object to list first: KubernetesClient reports a stream that ends before its first line as an error.
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("listed"), "default");
        var watchesStarted = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watcher = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested && watchesStarted < 3)
            {
                Interlocked.Increment(ref watchesStarted);
                await foreach (var _ in client.CoreV1.WatchListNamespacedConfigMapAsync("default", timeoutSeconds: 60, cancellationToken: cts.Token))
                {
                }
            }
        });
        using (server.CutWatchesEvery(TimeSpan.FromMilliseconds(300)))
        {
            await watcher.WaitAsync(TimeSpan.FromSeconds(45));
        }
        Assert.Equal(3, watchesStarted);
        Assert.Equal(3, server.Requests.Count("watch", "configmaps"));
    }
}
