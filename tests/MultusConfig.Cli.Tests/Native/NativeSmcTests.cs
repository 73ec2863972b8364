using System.Diagnostics;
using System.Text;
using MultusConfig.Testing;
using static MultusConfig.Cli.Tests.Manifests;

namespace MultusConfig.Cli.Tests.Native;

/// <summary>
/// The native <c>smc</c> (NativeAOT, as bench/publish.sh ships it) as a real process: the same output
/// as the in-process CLI, byte for byte, and the same exit codes and messages; and the same file run by
/// the real <c>kubectl</c> as its <c>smc</c> plugin.
/// </summary>
public class NativeSmcTests
{
    private static readonly string Examples = Path.Combine(RepositoryRoot.Path, "examples");

    public static TheoryData<string> ExampleFiles() => ExamplesGoldenTests.ExampleFiles();

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Native_smc_renders_each_example_byte_identical_to_its_golden_file(string example)
    {
        var path = Path.Combine(Examples, example);

        var run = Run(PublishedSmc.Smc, [], "render", "-f", path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Stderr);
        Assert.Equal(File.ReadAllText(Path.ChangeExtension(path, ".nad.yaml")), run.Stdout);
    }

    [Fact]
    public void Native_smc_validates_the_whole_examples_folder_with_exit_0()
    {
        var run = Run(PublishedSmc.Smc, [], "validate", "-f", Examples);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public void Native_smc_renders_json_as_the_in_process_cli_does()
    {
        var path = Path.Combine(Examples, "e11-annotations.yaml");

        var native = Run(PublishedSmc.Smc, [], "render", "-o", "json", "-f", path);

        Assert.True(native.ExitCode == 0, native.ToString());
        Assert.Equal(CliRun.Of("render", "-o", "json", "-f", path).Stdout, native.Stdout);
    }

    [Fact]
    public void Native_smc_validate_exits_1_naming_the_field_of_an_invalid_smc()
    {
        var run = Run(PublishedSmc.Smc, Encoding.UTF8.GetBytes(InvalidMacvlan), "validate", "-f", "-");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("net/broken: spec.macvlan.vlanID: ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(CliRun.WithStdin(InvalidMacvlan, "validate", "-f", "-").Stderr, run.Stderr);
        run.AssertNoStackTrace();
    }

    [Fact]
    public void Native_smc_validate_exits_2_on_binary_garbage_with_one_line_and_no_stack_trace()
    {
        var garbage = new byte[2048];
        new Random(1).NextBytes(garbage);

        var run = Run(PublishedSmc.Smc, garbage, "validate", "-f", "-");

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.StderrLines);
        var inProcess = CliRun.WithStdinBytes(garbage, "validate", "-f", "-");
        Assert.Equal(inProcess.Stderr, run.Stderr);
        Assert.Equal(inProcess.Stdout, run.Stdout);
        Assert.StartsWith("error: <stdin>:", run.Stderr, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public void Native_smc_validate_exits_2_naming_a_missing_file()
    {
        var missing = Path.Combine(Path.GetTempPath(), "smc-no-such-" + Guid.NewGuid().ToString("N") + ".yaml");

        var run = Run(PublishedSmc.Smc, [], "validate", "-f", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(CliRun.Of("validate", "-f", missing).Stderr, run.Stderr);
        run.AssertNoStackTrace();
    }

    [Fact]
    public void Kubectl_runs_the_published_kubectl_smc_as_its_smc_plugin()
    {
        var path = Path.Combine(Examples, "e01-macvlan.yaml");
        Assert.True(File.Exists(Path.Combine(PublishedSmc.Folder, "kubectl-smc")), "bench/publish.sh did not write kubectl-smc");

        // kubectl finds plugins as kubectl-NAME files on PATH; no cluster is contacted.
        var run = Run("kubectl", [], "smc", "render", "-f", path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(File.ReadAllText(Path.ChangeExtension(path, ".nad.yaml")), run.Stdout);
    }

    private static CliRun Run(string program, byte[] stdin, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment["PATH"] = PublishedSmc.Folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        process.WaitForExit();
        return new CliRun(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
