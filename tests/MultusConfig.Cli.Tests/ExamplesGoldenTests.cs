namespace MultusConfig.Cli.Tests;

/// <summary>Every example under examples/ renders to the golden NAD file beside it (default profile).</summary>
public class ExamplesGoldenTests
{
    private static readonly string Examples = Path.Combine(FindRoot(), "examples");

    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Examples, "*.yaml").Where(f => !f.EndsWith(".nad.yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_renders_to_its_golden_file(string example)
    {
        var path = Path.Combine(Examples, example);
        var golden = Path.ChangeExtension(path, ".nad.yaml");
        Assert.True(File.Exists(golden), $"{example} has no golden file {Path.GetFileName(golden)}");

        var run = CliRun.Of("render", "-f", path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(File.ReadAllText(golden), run.Stdout);
    }

    [Fact]
    public void Every_cni_type_has_an_example()
    {
        var text = string.Concat(Directory.GetFiles(Examples, "*.yaml").Where(f => !f.EndsWith(".nad.yaml", StringComparison.Ordinal)).Select(File.ReadAllText));
        foreach (var type in new[] { "macvlan", "ipvlan", "vlan", "sriov", "ib-sriov", "ipoib", "ovs", "custom" })
            Assert.Contains("cniType: " + type + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_whole_examples_folder_renders_with_exit_code_0()
    {
        var run = CliRun.Of("render", "-f", Examples, "-q");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Directory.GetFiles(Examples, "*.nad.yaml").Length, run.Stdout.Split("kind: NetworkAttachmentDefinition").Length - 1);
    }

    private static string FindRoot() => MultusConfig.Testing.RepositoryRoot.Path;
}
