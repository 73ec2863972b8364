using System.Text.RegularExpressions;

namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>Relative links in the docs and the READMEs, English and Chinese, lead to files that exist, and their #anchors to headings there.</summary>
public class LinkTests
{
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string>();
        foreach (var folder in new[] { RepoPaths.Of("docs"), RepoPaths.Of("docs", "zh-CN") }.Where(Directory.Exists))
        {
            foreach (var file in Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal)) pages.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }
        pages.Add("README.md");
        pages.Add("README.zh-CN.md");
        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_of_a_page_resolves_to_a_file_and_its_anchor_to_a_heading(string page)
    {
        var broken = DocLinks.Broken(RepoPaths.Of(page));

        Assert.True(broken.Count == 0, $"{page}: broken links: {string.Join(", ", broken)}");
    }

    [Fact]
    public void The_readme_keeps_its_two_commands_first_and_links_the_install_guide()
    {
        var readme = File.ReadAllText(RepoPaths.Of("README.md"));
        var firstCommands = Regex.Matches(readme, @"^\$ (.+)$", RegexOptions.Multiline).Take(2).Select(m => m.Groups[1].Value);

        Assert.Equal(["dotnet run --project src/MultusConfig.Cli -- render -f examples/ -q", "./test.sh"], firstCommands);
        Assert.Contains("(docs/install.md)", readme, StringComparison.Ordinal);
    }
}
