using System.Text;
using MultusConfig.Cli;

namespace MultusConfig.Cli.Tests;

/// <summary>The outcome of one in-process run of <c>smc</c>.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Of(params string[] args) => WithStdin("", args);

    public static CliRun WithStdin(string stdin, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        using var input = new StringReader(stdin);
        var code = SmcCli.Run(args, input, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static CliRun WithStdinBytes(byte[] stdin, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = SmcCli.Run(args, () => new MemoryStream(stdin), output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>No .NET stack trace or exception type name reached the user.</summary>
    public void AssertNoStackTrace()
    {
        Assert.DoesNotContain("   at ", Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Stdout, StringComparison.Ordinal);
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
