using System.Diagnostics;
using System.Text;

namespace MultusConfig.ApiServer;

/// <summary>The real /usr/bin/kubectl against a double, with its own HOME and discovery cache.</summary>
/// <remarks>Public so that every test project drives the double with the same kubectl set-up.</remarks>
public sealed class Kubectl : IDisposable
{
    private readonly string _dir;

    public Kubectl(ApiServerDouble server, bool https = true)
    {
        _dir = Directory.CreateTempSubdirectory("kubectl-").FullName;
        KubeconfigPath = server.WriteKubeconfig(Path.Combine(_dir, "kubeconfig"), https);
    }

    public string KubeconfigPath { get; }

    public string WorkDir => _dir;

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public Task<KubectlResult> RunAsync(params string[] args) => RunWithEnvironmentAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs kubectl with extra environment variables (e.g. KUBE_EDITOR for a scripted kubectl edit).</summary>
    public async Task<KubectlResult> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a hang guard, not a timing assertion
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish");
        }
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts kubectl without waiting (for get -w); the caller reads and ends it.</summary>
    public Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    private Process Start(IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(KubeconfigPath);
        psi.ArgumentList.Add("--cache-dir");
        psi.ArgumentList.Add(Path.Combine(_dir, "cache"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["HOME"] = _dir;
        psi.Environment.Remove("KUBECONFIG");
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }
        return Process.Start(psi) ?? throw new InvalidOperationException("kubectl did not start");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
