using static MultusConfig.Cli.Tests.Manifests;

namespace MultusConfig.Cli.Tests;

/// <summary>Mistakes a new user makes that must be errors, each said plainly (issue 18).</summary>
public class NewUserMistakeTests
{
    private static string WithCrName(string name, string crName) => $"""
        apiVersion: spiderpool.spidernet.io/v2beta1
        kind: SpiderMultusConfig
        metadata:
          name: {name}
          annotations:
            multus.spidernet.io/cr-name: {crName}
        spec:
          cniType: macvlan
          macvlan:
            master: [eth0]

        """;

    [Fact]
    public void Two_smcs_producing_the_same_nad_by_cr_name_are_both_errors_and_render_emits_neither()
    {
        var input = Macvlan("net-a") + "---\n" + WithCrName("net-b", "net-a") + "---\n" + Macvlan("net-c");

        var validate = CliRun.WithStdin(input, "validate", "-f", "-");
        Assert.True(validate.ExitCode == 1, validate.ToString());
        Assert.Contains("default/net-a: metadata.name: Invalid value: \"net-a\": the NAD default/net-a is also produced by SpiderMultusConfig default/net-b (<stdin>:", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains("default/net-b: metadata.annotations[multus.spidernet.io/cr-name]: Invalid value: \"net-a\": the NAD default/net-a is also produced by SpiderMultusConfig default/net-a (<stdin>:", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains("3 SpiderMultusConfigs checked: 1 valid, 2 invalid (2 errors)", validate.Stdout, StringComparison.Ordinal);

        var render = CliRun.WithStdin(input, "render", "-f", "-");
        Assert.True(render.ExitCode == 1, render.ToString());
        Assert.DoesNotContain("name: net-a", render.Stdout, StringComparison.Ordinal);
        Assert.Contains("name: net-c", render.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_smc_twice_is_still_only_a_warning_not_a_nad_collision()
    {
        var run = CliRun.WithStdin(Macvlan("net-a") + "---\n" + Macvlan("net-a"), "validate", "-f", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("warning: default/net-a is defined 2 times", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelled_kind_in_spiderpools_group_is_an_error_naming_the_intended_kind_even_with_quiet()
    {
        var input = Macvlan("net-a").Replace("kind: SpiderMultusConfig", "kind: SpiderMultusconfig", StringComparison.Ordinal);

        var run = CliRun.WithStdin(input, "validate", "-f", "-", "-q");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("default/net-a: kind: Invalid value: \"SpiderMultusconfig\": no kind \"SpiderMultusconfig\" is served in spiderpool.spidernet.io/v2beta1; did you mean \"SpiderMultusConfig\"?", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 SpiderMultusConfig checked: 0 valid, 1 invalid (1 error)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_spiderpool_kinds_are_still_skipped_with_a_note()
    {
        const string pool = "apiVersion: spiderpool.spidernet.io/v2beta1\nkind: SpiderIPPool\nmetadata: {name: pool}\nspec: {}\n";
        var run = CliRun.WithStdin(pool + "---\n" + Macvlan("net-a"), "validate", "-f", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("skipped 1 object that is not a SpiderMultusConfig: SpiderIPPool pool", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_after_a_file_is_reported_as_an_option_error_not_as_a_missing_file()
    {
        using var folder = new TempFolder();
        var file = folder.Write("net.yaml", Macvlan("net-a"));

        // validate has no -o: the error must say so, not look for files named "-o" and "json".
        var run = CliRun.Of("validate", "-f", file, "-o", "json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("'-o'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("no such file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_f_takes_one_path_and_repeats()
    {
        using var folder = new TempFolder();
        var a = folder.Write("a.yaml", Macvlan("net-a"));
        var b = folder.Write("b.yaml", Macvlan("net-b"));

        var run = CliRun.Of("render", "-f", a, "-f", b, "-o", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\"name\": \"net-b\"", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trailing_comma_in_json_says_what_is_wrong_at_file_line_column()
    {
        using var folder = new TempFolder();
        var file = folder.Write("net.json", """
            {
              "apiVersion": "spiderpool.spidernet.io/v2beta1",
              "kind": "SpiderMultusConfig",
              "metadata": {"name": "net-a"},
              "spec": {"cniType": "macvlan", "macvlan": {"master": ["eth0"]},}
            }
            """);

        var run = CliRun.Of("validate", "-f", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Matches(@"error: \S*net\.json:5:\d+: trailing comma before '\}': JSON allows no comma after the last member of an object", run.Stderr);
        Assert.DoesNotContain("reader options", run.Stderr, StringComparison.Ordinal);
    }
}
