using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace MultusConfig.Benchmarks;

/// <summary>
/// Figures 3 and 4: with the SMCs synced, delete (then edit) NADs one at a time and time, from the
/// write's response, until a watch of our own sees the NAD back with the operator's config.
/// </summary>
internal static class RepairScenario
{
    public static async Task RunAsync(Cluster cluster, Results results, string ns, int total, int count)
    {
        var expected = new Dictionary<string, string>();
        var picks = Enumerable.Range(0, count).Select(i => Cluster.Name(i * (total / count))).ToArray();
        foreach (var name in picks) expected[name] = Cluster.ExpectedConfig(ns, name);

        using var watch = new NadWatch(cluster, ns, expected);
        await watch.StartAsync();

        var recreate = new List<double>();
        foreach (var name in picks)
        {
            var back = watch.Expect(name);
            await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Cluster.NadGroup, Cluster.NadVersion, ns, Cluster.NadPlural, name);
            var t0 = Stopwatch.GetTimestamp();
            recreate.Add(Cluster.Seconds(t0, await back.WaitAsync(TimeSpan.FromSeconds(30))) * 1000);
        }
        results.Add(new Figure("3", "recreation latency p50", Stats.Percentile(recreate, 50), "ms", "<= 20", Stats.Percentile(recreate, 50) <= 20,
            Note: $"{count} NADs deleted one at a time, {total:#,0} SMCs synced"));
        results.Add(new Figure("3", "recreation latency p99", Stats.Percentile(recreate, 99), "ms", "<= 100", Stats.Percentile(recreate, 99) <= 100));

        var drift = new List<double>();
        foreach (var name in picks)
        {
            var back = watch.Expect(name);
            var edit = new JsonObject { ["spec"] = new JsonObject { ["config"] = "{\"cniVersion\":\"0.3.1\",\"name\":\"edited\",\"type\":\"bridge\"}" } };
            await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(edit.ToJsonString(), V1Patch.PatchType.MergePatch),
                Cluster.NadGroup, Cluster.NadVersion, ns, Cluster.NadPlural, name);
            var t0 = Stopwatch.GetTimestamp();
            drift.Add(Cluster.Seconds(t0, await back.WaitAsync(TimeSpan.FromSeconds(30))) * 1000);
        }
        results.Add(new Figure("4", "drift repair p50", Stats.Percentile(drift, 50), "ms", "", null, Note: $"{count} NADs' spec.config edited one at a time"));
        results.Add(new Figure("4", "drift repair p99", Stats.Percentile(drift, 99), "ms", "<= 100", Stats.Percentile(drift, 99) <= 100));
    }

    /// <summary>A watch on the namespace's NADs that completes a waiter when a NAD shows up with the expected config.</summary>
    private sealed class NadWatch(Cluster cluster, string ns, IReadOnlyDictionary<string, string> expected) : IDisposable
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new();
        private readonly CancellationTokenSource _stop = new();
        private Task? _loop;

        public Task<long> Expect(string name)
        {
            var tcs = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[name] = tcs;
            return tcs.Task;
        }

        public async Task StartAsync()
        {
            var rv = cluster.Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var events = cluster.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                Cluster.NadGroup, Cluster.NadVersion, ns, Cluster.NadPlural, resourceVersion: rv, cancellationToken: _stop.Token);
            _loop = Task.Run(async () =>
            {
                await foreach (var (type, item) in events)
                {
                    var at = Stopwatch.GetTimestamp();
                    if (JsonSerializer.SerializeToNode(item) is not JsonObject nad) continue;
                    if (type is not (WatchEventType.Added or WatchEventType.Modified)) continue;
                    var name = nad["metadata"]?["name"]?.GetValue<string>();
                    if (name is null || !expected.TryGetValue(name, out var config)) continue;
                    if (nad["spec"]?["config"]?.GetValue<string>() == config && _waiting.TryRemove(name, out var tcs)) tcs.TrySetResult(at);
                }
            });
            await Task.Delay(200);
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _loop?.Wait(TimeSpan.FromSeconds(2));
            }
            catch (AggregateException)
            {
                // cancelled on purpose
            }
            _stop.Dispose();
        }
    }
}
