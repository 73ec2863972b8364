using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MultusConfig.Benchmarks;

/// <summary>
/// The operator as a separate process (the Release build of src/MultusConfig.Operator), so its RSS and
/// start-up are its own and not the double's or the benchmark's.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;

    private OperatorProcess(Process process, int healthPort, int webhookPort, long startedAt)
    {
        _process = process;
        HealthPort = healthPort;
        WebhookPort = webhookPort;
        StartedAt = startedAt;
    }

    public int HealthPort { get; }

    public int WebhookPort { get; }

    public int Pid => _process.Id;

    /// <summary>Stopwatch timestamp taken just before the process was started.</summary>
    public long StartedAt { get; }

    /// <summary>
    /// What ships: bench/run.sh publishes the operator with bench/publish.sh, as the Dockerfile does (one NativeAOT
    /// binary), into artifacts/bench/multus-config-operator.
    /// </summary>
    public static string Binary => Repo.Path("artifacts", "bench", "multus-config-operator");

    /// <summary>Worker count for every operator the bench starts (<c>--workers N</c>); the operator's own default when not given.</summary>
    public static int? Workers { get; set; }

    public static OperatorProcess Start(string kubeconfig, string resync)
    {
        if (!File.Exists(Binary)) throw new FileNotFoundException("publish the operator first: bench/publish.sh artifacts/bench (bench/run.sh does)", Binary);
        var (health, webhook) = (FreePort(), FreePort());
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--kubeconfig=" + kubeconfig, "--leader-elect=false", "--pod-namespace=multus-config-system", "--pod-name=bench",
            "--bind-address=127.0.0.1", $"--health-port={health}", $"--webhook-port={webhook}", "--resync-period=" + resync,
            // The bench reads counters as before: plain /metrics on the health port.
            "--metrics-secure=false",
        }) info.ArgumentList.Add(a);
        // As the shipped Deployment runs it (deploy/manager/deployment.yaml): no machine trust store to load.
        info.Environment["SSL_CERT_FILE"] = "/nonexistent/ca-certificates.crt";
        info.Environment["SSL_CERT_DIR"] = "/nonexistent/certs";
        if (Workers is { } workers) info.ArgumentList.Add("--workers=" + workers.ToString(CultureInfo.InvariantCulture));
        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the operator");
        // Drain its logs (the pipe would otherwise fill and block it); keep only failures and the sync line on our console (the
        // warnings are about the webhook configurations, which the bench does not register).
        process.OutputDataReceived += (_, e) => { if (e.Data is { } l && (l.Contains("fail", StringComparison.Ordinal) || l.Contains("caches synced", StringComparison.Ordinal))) Console.WriteLine("    operator: " + l); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } l) Console.WriteLine("    operator stderr: " + l); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new OperatorProcess(process, health, webhook, started);
    }

    /// <summary>Polls /readyz every 5 ms; returns the stopwatch timestamp of the first 200.</summary>
    public async Task<long> WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"operator exited with {_process.ExitCode}");
            try
            {
                using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}/readyz"));
                if (response.StatusCode == HttpStatusCode.OK) return Stopwatch.GetTimestamp();
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(5);
        }
        throw new TimeoutException("operator not ready");
    }

    /// <summary>Reads one unlabelled or labelled sample from /metrics (sum over label sets).</summary>
    public async Task<double> MetricAsync(string name)
    {
        var text = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{HealthPort}/metrics"));
        return text.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length > name.Length && (l[name.Length] is ' ' or '{')))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>CPU seconds (user + system) the operator has used so far, from /proc/PID/stat.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name, in clock ticks (100/s on Linux).
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100;
    }

    /// <summary>Resident set size now (VmRSS) and its peak since start (VmHWM), in MiB.</summary>
    public (double Rss, double Peak) Memory()
    {
        double Read(string key) => File.ReadLines($"/proc/{Pid}/status").Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).First();
        return (Read("VmRSS:"), Read("VmHWM:"));
    }

    /// <summary>
    /// Waits until the operator has given memory back more than <paramref name="trims"/> times
    /// (<c>multus_config_memory_trims_total</c>: its full collection once it goes quiet after a burst of work), so an
    /// RSS read after it is the settled figure and not the garbage of the burst. False when none came in time.
    /// </summary>
    public async Task<bool> WaitForTrimAsync(double trims, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await MetricAsync("multus_config_memory_trims_total") > trims) return true;
            await Task.Delay(250);
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first: the operator stops within 10 s; kill it if it does not.
            using (var term = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(12));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
