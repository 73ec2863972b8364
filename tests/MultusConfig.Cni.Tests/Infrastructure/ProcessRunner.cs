using System.Diagnostics;

namespace MultusConfig.Cni.Tests.Infrastructure;

/// <summary>
/// Runs a child process with an explicit argument list (never through a shell), feeds stdin and
/// collects both output streams. Every run is bounded so that a hung plugin fails the test instead of
/// hanging the suite.
/// </summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <param name="environment">When set, the child gets exactly these variables (like <c>env -i</c>) so CNI_* of the test host never leak in.</param>
    public static async Task<ProcessOutcome> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }
        if (environment is not null)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }
        var commandLine = string.Join(' ', new[] { fileName }.Concat(psi.ArgumentList));

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ProcessOutcome(commandLine, 127, "", $"cannot start {fileName}: {e.Message}");
        }

        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child may exit without reading stdin (e.g. a usage error); its exit code tells the story.
        }

        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new ProcessOutcome(commandLine, -1, await stdoutTask, await stderrTask + $"\n(killed after {(timeout ?? DefaultTimeout).TotalSeconds} s)");
        }
        return new ProcessOutcome(commandLine, process.ExitCode, await stdoutTask, await stderrTask);
    }

    /// <summary>Runs and throws with the full outcome when the exit code is not 0.</summary>
    public static async Task<ProcessOutcome> RunCheckedAsync(string fileName, params string[] arguments)
    {
        var outcome = await RunAsync(fileName, arguments);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.ToString());
        }
        return outcome;
    }
}
