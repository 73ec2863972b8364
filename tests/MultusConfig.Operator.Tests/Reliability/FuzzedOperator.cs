using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MultusConfig.Operator.Tests.Admission;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The webhook under fuzz: the real operator binary as its own process against the API server double, serving the
/// certificate it issued itself. Being a separate process matters for the latency bound: the fuzzer builds
/// megabyte payloads, and in a shared process its garbage collections would pause the webhook too. The process
/// runs with the shipped log settings (JSON, info), so the cost of logging the malformed requests is part of what is measured.
/// </summary>
internal sealed class FuzzedOperator : IAsyncDisposable
{
    private readonly OperatorFixture _cluster;
    private readonly OperatorProcess _process;
    private readonly string _dir;
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    private FuzzedOperator(OperatorFixture cluster, OperatorProcess process, string dir, X509Certificate2 ca)
    {
        _cluster = cluster;
        _process = process;
        _dir = dir;
        Ca = ca;
    }

    public X509Certificate2 Ca { get; }
    public int WebhookPort => _process.WebhookPort;
    public bool HasExited => _process.HasExited;
    public string Output => _process.Output;

    /// <param name="environment">Extra environment of the process (e.g. a GC heap limit).</param>
    public static async Task<FuzzedOperator> StartAsync(IDictionary<string, string>? environment = null)
    {
        var cluster = await CertificateReplica.StartClusterAsync();
        var dir = Directory.CreateTempSubdirectory("fuzzed-operator-").FullName;
        OperatorProcess? process = null;
        try
        {
            var kubeconfig = cluster.Server.WriteKubeconfig(Path.Combine(dir, "kubeconfig"));
            process = OperatorProcess.Start(kubeconfig, "fuzzed-replica", ["--leader-elect=false", "--log-format", "json"], environment: environment);
            await process.WaitReadyAsync();
            var ca = CertificateReplica.StoredBundle(cluster.Server)?.LoadCa()
                ?? throw new Xunit.Sdk.XunitException("the ready operator has no certificate Secret:\n" + process.Output);
            return new FuzzedOperator(cluster, process, dir, ca);
        }
        catch
        {
            process?.Dispose();
            await cluster.DisposeAsync();
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    /// <summary>A keep-alive client that reaches the webhook by its Service name, as the API server does, and trusts only the operator's CA.</summary>
    public HttpClient Client()
    {
        var client = TestCa.ClientTrusting(Ca, new Uri($"https://{CertificateReplica.ServiceHost}:{_process.WebhookPort}"),
            connectTo: new IPEndPoint(IPAddress.Loopback, _process.WebhookPort), reuseConnections: true);
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    /// <summary>How long the process has been up, for bounds on what it may have logged.</summary>
    public TimeSpan Lifetime => System.Diagnostics.Stopwatch.GetElapsedTime(_started);

    public int OutputLines => Output.Count(c => c == '\n');

    /// <summary>Log lines at Error or Critical: a handler failure, an unobserved exception, a crash.</summary>
    public IReadOnlyList<string> ErrorLines() => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(line => LevelOf(line) is not ("Trace" or "Debug" or "Information" or "Warning"))
        .ToList();

    /// <summary>The JSON console formatter's LogLevel; null for a line that is not a log record (a runtime crash message).</summary>
    private static string? LevelOf(string line)
    {
        try
        {
            using var record = JsonDocument.Parse(line);
            return record.RootElement.TryGetProperty("LogLevel", out var level) ? level.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Dispose();
        await _cluster.DisposeAsync();
        Ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
