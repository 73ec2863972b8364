using System.Text.RegularExpressions;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.EndToEnd;

/// <summary>
/// The README's metric table against what an in-process operator serves on /metrics: every documented family with
/// its type and label names, nothing undocumented, and the bucket layouts dashboards were built on.
/// </summary>
public sealed partial class DocumentedMetricsTests
{
    [Fact]
    public async Task Metrics_endpoint_serves_exactly_the_documented_families_with_their_types_and_labels()
    {
        await using var f = await OperatorFixture.StartAsync();
        var app = await f.StartOperatorAsync(o => o.MetricsSecure = false);
        using var http = new HttpClient { BaseAddress = Listeners.Address(app.Services, Listeners.Health) };

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var documented = Documented();
        var served = TypeLine().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), served.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, (type, labels)) in documented)
        {
            Assert.True(served[name] == type, $"{name} is served as a {served[name]}, documented as a {type}");
            Assert.Contains($"# HELP {name} ", text, StringComparison.Ordinal);
            var suffixes = type == "histogram" ? new[] { "_bucket", "_sum", "_count" } : [""];
            foreach (var suffix in suffixes)
            {
                var samples = Regex.Matches(text, $@"(?m)^{name}{suffix}(?:\{{([^}}]*)\}})? \S+$");
                // Every series whose labels are known in advance exists before its first use.
                Assert.True(samples.Count > 0, $"{name}{suffix} has no series:\n{text}");
                var expected = suffix == "_bucket" ? [.. labels, "le"] : labels;
                foreach (Match sample in samples)
                {
                    var names = LabelName().Matches(sample.Groups[1].Value).Select(m => m.Groups[1].Value).ToArray();
                    Assert.True(expected.SequenceEqual(names), $"{sample.Value}: labels {string.Join(",", names)}, documented {string.Join(",", expected)}");
                }
            }
        }
        // The bucket layouts of today's dashboards: 0.5 ms × 2ⁿ for reconciles, client_golang's defaults for the webhook.
        Assert.Equal("0.0005 0.001 0.002 0.004 0.008 0.016 0.032 0.064 0.128 0.256 0.512 1.024 2.048 4.096 8.192 16.384 +Inf",
            Buckets(text, "controller_runtime_reconcile_time_seconds"));
        Assert.Equal("0.005 0.01 0.025 0.05 0.075 0.1 0.25 0.5 0.75 1 2.5 5 7.5 10 +Inf", Buckets(text, "webhook_request_duration_seconds"));
    }

    /// <summary>Name → (type, label names) of every row of the README's metric table.</summary>
    private static Dictionary<string, (string Type, string[] Labels)> Documented()
    {
        var readme = File.ReadAllText(Path.Combine(OperatorFixture.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("### Metrics", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", StringComparison.Ordinal)];
        var rows = TableRow().Matches(section).ToDictionary(
            m => m.Groups[1].Value,
            m => (m.Groups[3].Value, m.Groups[2].Success ? m.Groups[2].Value.Split(',') : Array.Empty<string>()),
            StringComparer.Ordinal);
        Assert.True(rows.Count >= 17, string.Join(", ", rows.Keys));
        return rows;
    }

    private static string Buckets(string text, string name) =>
        string.Join(' ', Regex.Matches(text, $@"(?m)^{name}_bucket\{{[^}}]*le=""([^""]+)""\}}").Select(m => m.Groups[1].Value).Distinct());

    [GeneratedRegex(@"(?m)^\| `([a-z_]+)(?:\{([a-z_,]+)\})?` \| (counter|gauge|histogram) \|")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"(?m)^# TYPE (\S+) (\S+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""(?:[^""\\]|\\.)*""")]
    private static partial Regex LabelName();
}
