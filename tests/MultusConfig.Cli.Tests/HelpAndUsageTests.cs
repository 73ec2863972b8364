namespace MultusConfig.Cli.Tests;

public class HelpAndUsageTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("render", "--help")]
    [InlineData("validate", "--help")]
    [InlineData("render", "-h")]
    public void Every_command_has_help_with_an_example(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Examples:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("smc ", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_help_lists_every_option()
    {
        var help = CliRun.Of("render", "--help").Stdout;
        foreach (var option in new[] { "--filename", "-f", "--namespace", "-n", "--output", "-o", "--profile", "documented", "spiderpool" })
        {
            Assert.Contains(option, help, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("render")]
    [InlineData("validate")]
    public void A_command_without_f_exits_2_with_a_usage_hint(string command)
    {
        var run = CliRun.Of(command);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--filename", run.StderrLines[0], StringComparison.Ordinal);
        Assert.Equal($"Run 'smc {command} --help' for usage.", run.StderrLines[^1]);
    }

    [Fact]
    public void No_command_exits_2()
    {
        var run = CliRun.Of();
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Run 'smc --help' for usage.", run.StderrLines[^1]);
    }

    [Theory]
    [InlineData("-o", "xml")]
    [InlineData("--profile", "reference")]
    [InlineData("--bogus", "x")]
    public void An_unknown_option_or_value_exits_2_on_one_line_per_error(string option, string value)
    {
        var run = CliRun.WithStdin("", "render", "-f", "-", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.All(run.StderrLines, l => Assert.DoesNotContain('\t', l));
        Assert.Empty(run.Stdout);
    }
}
