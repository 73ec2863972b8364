using System.Text.RegularExpressions;
using MultusConfig.ApiServer;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>docs/tutorial.md shows the SMCs of examples/ and the NAD configs the operator writes for them.</summary>
public partial class TutorialTests
{
    private static readonly string Tutorial = File.ReadAllText(RepoPaths.Of("docs", "tutorial.md"));

    [Fact]
    public void Every_nad_config_in_the_tutorial_is_the_golden_config_of_an_example()
    {
        var golden = Directory.GetFiles(RepoPaths.Of("examples"), "*.nad.yaml")
            .SelectMany(f => YamlDocuments.Parse(File.ReadAllText(f)))
            .Select(n => Str(n["spec"]!["config"])!.TrimEnd('\n')).ToHashSet(StringComparer.Ordinal);
        var shown = Tutorial.Split('\n').Where(l => l.StartsWith("{\"cniVersion\"", StringComparison.Ordinal)).ToList();

        Assert.Equal(11, shown.Count);
        Assert.All(shown, config => Assert.Contains(config, golden));
    }

    [Fact]
    public void Every_example_the_tutorial_applies_exists_and_is_shown_as_it_is()
    {
        var applied = ApplyLine().Matches(Tutorial).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(11, applied.Count);
        foreach (var file in applied)
        {
            var smc = string.Join('\n', File.ReadAllLines(RepoPaths.Of("examples", file)).Where(l => !l.StartsWith('#'))).Trim();
            Assert.Contains(smc, Tutorial, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"kubectl apply -f examples/(\S+\.yaml)")]
    private static partial Regex ApplyLine();
}
