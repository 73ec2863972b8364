using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace MultusConfig.Benchmarks;

/// <summary>Figure 5: runs <see cref="LoadTool"/> as a separate process against the running operator's webhook port.</summary>
internal static class WebhookScenario
{
    public static async Task RunAsync(OperatorProcess op, Results results, string workDir, bool quick)
    {
        var url = $"https://127.0.0.1:{op.WebhookPort}";
        var fixedRate = await RunToolAsync(workDir, "load", url, 500, quick ? 10 : 30);
        // Time inside the operator (body read to answer written) against what the client saw: the gap is
        // queueing, TLS and the CPU the other processes take.
        var serverMs = await op.MetricAsync("webhook_request_duration_seconds_sum") * 1000 / await op.MetricAsync("webhook_request_duration_seconds_count");
        var saturated = await RunToolAsync(workDir, "saturate", url, 32, quick ? 5 : 10);

        var all = fixedRate["all"]!;
        var p99 = all["p99"]!.GetValue<double>();
        var note = $"500/s for {(quick ? 10 : 30)} s, validate and mutate alternating; validate p99 {fixedRate["validate"]!["p99"]!.GetValue<double>():0.00} ms, " +
                   $"mutate p99 {fixedRate["mutate"]!["p99"]!.GetValue<double>():0.00} ms, max {all["max"]!.GetValue<double>():0.0} ms, " +
                   $"achieved {fixedRate["achievedRate"]!.GetValue<double>():0} /s, {fixedRate["failed"]} failed; mean time inside the operator {serverMs:0.000} ms (its own histogram, warm-up included); " +
                   $"the load tool's own lateness in sending (due time to send) p50 {fixedRate["sendLateness"]!["p50"]!.GetValue<double>():0.00} ms, p99 {fixedRate["sendLateness"]!["p99"]!.GetValue<double>():0.00} ms";
        results.Add(new Figure("5", "webhook latency p50 at 500/s", all["p50"]!.GetValue<double>(), "ms", "", null));
        results.Add(new Figure("5", "webhook latency p99 at 500/s", p99, "ms", "<= 2", p99 <= 2, Note: note));
        var rate = saturated["perSecond"]!.GetValue<double>();
        results.Add(new Figure("5", "webhook saturated throughput", rate, "reviews/s", ">= 5,000", rate >= 5000,
            Note: $"32 in flight, {saturated["failed"]} failed; load tool shares the 2 cores"));
    }

    private static async Task<JsonObject> RunToolAsync(string workDir, string mode, string url, int n, int seconds)
    {
        var output = Path.Combine(workDir, $"{mode}.json");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var a in new[] { typeof(WebhookScenario).Assembly.Location, mode, url, n.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture), output })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the load tool");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"load tool exited with {process.ExitCode}");
        return JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject();
    }
}
