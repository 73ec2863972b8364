using static MultusConfig.Cli.Tests.Manifests;

namespace MultusConfig.Cli.Tests;

public class InputPathTests
{
    [Fact]
    public void A_missing_file_exits_2_naming_it()
    {
        var run = CliRun.Of("render", "-f", "/nonexistent/smc.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: /nonexistent/smc.yaml: no such file or folder", run.StderrLines[0]);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void A_missing_file_among_good_ones_still_exits_2_and_renders_the_rest()
    {
        using var folder = new TempFolder();
        var good = folder.Write("good.yaml", Macvlan("good"));
        var run = CliRun.Of("render", "-f", good, "-f", Path.Combine(folder.Path, "gone.yaml"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("name: good", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_reads_its_yaml_yml_and_json_files_sorted_by_name_and_nothing_else()
    {
        using var folder = new TempFolder();
        folder.Write("c.yaml", Macvlan("from-c"));
        folder.Write("a.yml", Macvlan("from-a"));
        folder.Write("b.json", """{"apiVersion":"spiderpool.spidernet.io/v2beta1","kind":"SpiderMultusConfig","metadata":{"name":"from-b"},"spec":{"cniType":"macvlan","macvlan":{"master":["eth0"]}}}""");
        folder.Write("readme.txt", "not: [a manifest");
        folder.Write("nested/d.yaml", Macvlan("from-nested"));
        var run = CliRun.Of("render", "-f", folder.Path, "-o", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var names = System.Text.Json.Nodes.JsonNode.Parse(run.Stdout)!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(["from-a", "from-b", "from-c"], names);
    }

    [Fact]
    public void A_folder_with_smcs_beside_their_golden_nads_renders_the_smcs_and_notes_each_nad_file_once()
    {
        using var folder = new TempFolder();
        folder.Write("macvlan.yaml", DocumentedMacvlan);
        folder.Write("macvlan.nad.yaml", GoldenNad + "---\n" + GoldenNad.Replace("macvlan-ens192", "second", StringComparison.Ordinal));
        folder.Write("settings.yaml", ConfigMap);
        var run = CliRun.Of("render", "-f", folder.Path);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(DocumentedMacvlanConfig, run.Stdout, StringComparison.Ordinal);
        var notes = run.StderrLines.Where(l => l.StartsWith("note: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, notes.Count);
        Assert.Contains(notes, n => n.Contains("macvlan.nad.yaml: skipped 2 objects", StringComparison.Ordinal)
            && n.Contains("NetworkAttachmentDefinition macvlan-ens192 (line 1)", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("settings.yaml: skipped 1 object", StringComparison.Ordinal) && n.Contains("ConfigMap settings", StringComparison.Ordinal));
    }

    [Fact]
    public void Quiet_suppresses_the_skip_notes()
    {
        var run = CliRun.WithStdin(ConfigMap + "---\n" + Macvlan("a"), "render", "-q", "-f", "-");
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Stderr);
    }

    [Fact]
    public void An_empty_folder_exits_2()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("validate", "-f", folder.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no *.yaml, *.yml or *.json files", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Dash_reads_standard_input()
    {
        var run = CliRun.WithStdin(Macvlan("piped"), "render", "-f", "-");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("name: piped", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_and_stdin_combine_in_argument_order()
    {
        using var folder = new TempFolder();
        var file = folder.Write("one.yaml", Macvlan("from-file"));
        var run = CliRun.WithStdin(Macvlan("from-stdin"), "render", "-f", "-", "-f", file);
        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Stdout.IndexOf("from-stdin", StringComparison.Ordinal) < run.Stdout.IndexOf("from-file", StringComparison.Ordinal));
    }

    [Fact]
    public void One_f_takes_one_path_as_in_kubectl_and_a_second_is_an_unexpected_argument()
    {
        using var folder = new TempFolder();
        var a = folder.Write("a.yaml", Macvlan("a"));
        var b = folder.Write("b.yaml", Macvlan("b"));
        var run = CliRun.Of("render", "-f", a, b);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(b, run.Stderr, StringComparison.Ordinal);
        var both = CliRun.Of("render", "-f", a, "-f", b);
        Assert.Equal(0, both.ExitCode);
        Assert.Equal(1, both.Stdout.Split('\n').Count(l => l == "---"));
    }

    [Fact]
    public void Only_non_smc_documents_exit_0_with_a_note_that_nothing_was_found()
    {
        var run = CliRun.WithStdin(ConfigMap, "render", "-f", "-");
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("note: no SpiderMultusConfig found in the input", run.StderrLines);
    }

    [Fact]
    public void A_utf8_bom_file_is_read()
    {
        using var folder = new TempFolder();
        var file = folder.WriteBytes("bom.yaml", [0xEF, 0xBB, 0xBF, .. CliRun.Utf8(Macvlan("bom"))]);
        var run = CliRun.Of("render", "-f", file);
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
