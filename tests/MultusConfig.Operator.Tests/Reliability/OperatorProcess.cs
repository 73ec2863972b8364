using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// One real operator process (the native <c>multus-config-operator</c> as bench/publish.sh ships it) on loopback ports, with its output kept
/// for failure messages. Disposing kills it if it is still running, so a failing test leaves no process behind.
/// </summary>
internal sealed class OperatorProcess : IDisposable
{
    /// <summary>The native binary the image ships (published once per test run).</summary>
    public static string Binary => MultusConfig.Testing.PublishedBinaries.Operator;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OperatorProcess(Process process, string podName, int healthPort, int webhookPort)
    {
        _process = process;
        PodName = podName;
        HealthPort = healthPort;
        WebhookPort = webhookPort;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string PodName { get; }
    public int HealthPort { get; }
    public int WebhookPort { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>
    /// Starts the operator against <paramref name="kubeconfig"/> as pod <paramref name="podName"/>.
    /// <paramref name="wrapper"/> (e.g. unshare/setpriv) is put in front of the binary and must exec it, so the
    /// process id stays the operator's and signals reach it. <paramref name="workingDirectory"/> defaults to the
    /// test's own; a process running as another user needs one it may enter.
    /// </summary>
    public static OperatorProcess Start(string kubeconfig, string podName, IEnumerable<string> extraArgs,
        IReadOnlyList<string>? wrapper = null, IDictionary<string, string>? environment = null, string? binary = null, string? workingDirectory = null)
    {
        var healthPort = FreePort();
        var webhookPort = FreePort();
        string[] command = [.. wrapper ?? [], binary ?? Binary,
            "--kubeconfig", kubeconfig, "--pod-name", podName, "--pod-namespace", "multus-config-system",
            "--bind-address", "127.0.0.1",
            "--health-port", healthPort.ToString(CultureInfo.InvariantCulture),
            "--webhook-port", webhookPort.ToString(CultureInfo.InvariantCulture),
            "--metrics-bind-address", "127.0.0.1:0",
            .. extraArgs];
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a);
        // No stray cluster: the process must use exactly the kubeconfig it is given.
        psi.Environment.Remove("KUBECONFIG");
        // As the shipped Deployment runs it: no machine trust store (the kubeconfig's CA alone is trusted), so every
        // process-level test also shows the operator needs none.
        psi.Environment["SSL_CERT_FILE"] = "/nonexistent/ca-certificates.crt";
        psi.Environment["SSL_CERT_DIR"] = "/nonexistent/certs";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return new OperatorProcess(Process.Start(psi)!, podName, healthPort, webhookPort);
    }

    /// <summary>Polls /readyz until it answers ok; fails with the process output otherwise.</summary>
    public async Task WaitReadyAsync(int seconds = 60)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HealthPort}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited) throw new Xunit.Sdk.XunitException($"{PodName} exited with {ExitCode} before becoming ready:\n{Output}");
            try
            {
                if (await http.GetStringAsync(new Uri("/readyz", UriKind.Relative)) == "ok") return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"{PodName} never became ready:\n{Output}");
    }

    /// <summary>Sends a signal with kill(1), as a kubelet or an OOM kill would reach the process.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the exit; the bound is a hang guard, not a timing claim.</summary>
    public async Task<int> WaitForExitAsync(int seconds = 60)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await _process.WaitForExitAsync(guard.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
