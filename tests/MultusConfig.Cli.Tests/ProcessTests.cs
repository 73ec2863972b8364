using System.Diagnostics;
using System.Text;
using static MultusConfig.Cli.Tests.Manifests;

namespace MultusConfig.Cli.Tests;

/// <summary>The built <c>smc</c> as a real process: what a shell or CI job sees.</summary>
public class ProcessTests
{
    private static (int ExitCode, string Stdout, string Stderr) RunSmc(byte[] stdin, params string[] args)
    {
        var smc = Path.Combine(AppContext.BaseDirectory, "smc.dll");
        Assert.True(File.Exists(smc), $"{smc} was not copied next to the tests");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h
            : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(smc);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    [Fact]
    public void The_built_binary_exits_2_on_binary_garbage_with_one_line_and_no_stack_trace()
    {
        var garbage = new byte[2048];
        new Random(1).NextBytes(garbage);
        var (code, stdout, stderr) = RunSmc(garbage, "render", "-f", "-");
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: <stdin>:", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_binary_renders_the_documented_example_with_exit_0_and_exits_1_on_an_invalid_one()
    {
        var (code, stdout, stderr) = RunSmc(Encoding.UTF8.GetBytes(DocumentedMacvlan), "render", "-f", "-");
        Assert.True(code == 0, stderr);
        Assert.Contains($"config: '{DocumentedMacvlanConfig}'\n", stdout, StringComparison.Ordinal);

        var invalid = RunSmc(Encoding.UTF8.GetBytes(InvalidMacvlan), "validate", "-f", "-");
        Assert.Equal(1, invalid.ExitCode);
        Assert.StartsWith("net/broken: spec.macvlan.vlanID: ", invalid.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", invalid.Stderr, StringComparison.Ordinal);
    }
}
