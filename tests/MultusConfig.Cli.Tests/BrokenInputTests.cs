using System.Text;
using static MultusConfig.Cli.Tests.Manifests;

namespace MultusConfig.Cli.Tests;

public class BrokenInputTests
{
    [Fact]
    public void Binary_garbage_on_stdin_exits_2_with_a_positioned_message_and_no_stack_trace()
    {
        var garbage = new byte[8192];
        new Random(42).NextBytes(garbage);
        var run = CliRun.WithStdinBytes(garbage, "render", "-f", "-");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Stdout);
        Assert.Matches(@"^error: <stdin>:\d+:\d+: ", run.StderrLines[0]);
        run.AssertNoStackTrace();
    }

    [Fact]
    public void An_empty_object_exits_2_because_it_is_no_kubernetes_object()
    {
        var run = CliRun.WithStdin("{}", "render", "-f", "-");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("<stdin>:1:1: document 1: Object 'kind' is missing", run.Stderr, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public void A_billion_laughs_yaml_bomb_exits_2_naming_the_node_budget()
    {
        var run = CliRun.WithStdin(YamlBomb(), "render", "-f", "-");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("expands to more than", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        run.AssertNoStackTrace();
    }

    [Fact]
    public void A_ten_megabyte_string_field_is_rejected_in_a_short_message()
    {
        var big = new string('x', 10 * 1024 * 1024);
        var run = CliRun.WithStdin(Macvlan("huge", big), "render", "-f", "-");
        Assert.True(run.ExitCode is 1 or 2, run.ToString()[..Math.Min(2000, run.ToString().Length)]);
        Assert.NotEmpty(run.Stderr);
        Assert.True(run.Stderr.Length < 10_000, $"stderr is {run.Stderr.Length} characters");
        Assert.Empty(run.Stdout);
        run.AssertNoStackTrace();
    }

    [Fact]
    public void Invalid_utf8_exits_2_with_the_line_and_column_of_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ab").Concat(new byte[] { 0xFF, (byte)'}', (byte)'\n' }).ToArray();
        var run = CliRun.WithStdinBytes(bytes, "validate", "-f", "-");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error: <stdin>:3:20: invalid UTF-8", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_exits_2_with_its_line()
    {
        var smc = Macvlan("dup").Replace("  cniType: macvlan\n", "  cniType: macvlan\n  cniType: ipvlan\n", StringComparison.Ordinal);
        var run = CliRun.WithStdin(smc, "render", "-f", "-");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("<stdin>:7:3: document 1: mapping key \"cniType\" already defined at line 6", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void A_tab_in_the_indentation_exits_2_with_its_line()
    {
        var smc = Macvlan("tabbed").Replace("  cniType: macvlan", "\tcniType: macvlan", StringComparison.Ordinal);
        var run = CliRun.WithStdin(smc, "render", "-f", "-");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("<stdin>:6:1: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("tab", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_names_file_line_and_column_and_keeps_earlier_documents()
    {
        using var folder = new TempFolder();
        var file = folder.Write("x.yaml", Macvlan("first") + "---\napiVersion: v1\nkind: [oops\n");
        var run = CliRun.Of("render", "-f", file);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Matches($@"^error: {System.Text.RegularExpressions.Regex.Escape(file)}:1[12]:\d+: ", run.StderrLines[0]);
        Assert.Contains("name: first", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_names_file_line_and_column()
    {
        using var folder = new TempFolder();
        var file = folder.Write("x.json", "{\"apiVersion\": \"v1\",\n \"kind\": \"A\",\n \"x\": tru}\n");
        var run = CliRun.Of("validate", "-f", file);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Matches($@"^error: {System.Text.RegularExpressions.Regex.Escape(file)}:3:\d+: ", run.StderrLines[0]);
    }

    [Fact]
    public void A_document_that_is_a_plain_string_exits_2()
    {
        var run = CliRun.WithStdin("hello world\n", "render", "-f", "-");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("not a Kubernetes object", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_input_exits_2_instead_of_overflowing_the_stack()
    {
        var run = CliRun.WithStdin("apiVersion: v1\nkind: A\nx: " + new string('[', 50_000), "render", "-f", "-");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("nested more than", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_smc_missing_every_field_is_invalid_not_a_crash()
    {
        var run = CliRun.WithStdin("apiVersion: spiderpool.spidernet.io/v2beta1\nkind: SpiderMultusConfig\n", "validate", "-f", "-");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("1 invalid", run.Stdout, StringComparison.Ordinal);
        run.AssertNoStackTrace();
    }

    [Fact]
    public void An_smc_with_wrong_types_everywhere_is_invalid_not_a_crash()
    {
        var smc = """
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderMultusConfig
            metadata: {name: types, annotations: [1, 2]}
            spec: {cniType: 7, macvlan: "eth0", enableCoordinator: maybe, coordinator: [], chainCNIJsonData: {a: 1}}
            """;
        var run = CliRun.WithStdin(smc, "render", "-f", "-");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.All(run.StderrLines, l => Assert.StartsWith("default/types: ", l, StringComparison.Ordinal));
        run.AssertNoStackTrace();
    }
}
