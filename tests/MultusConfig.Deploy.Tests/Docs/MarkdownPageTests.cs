namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>
/// The helpers behind TranslationTests and LinkTests, on small pages in a temporary folder: they see a command changed
/// in one language, a heading missing, a page without its counterpart, an anchor that leads nowhere.
/// </summary>
public sealed class MarkdownPageTests : IDisposable
{
    private const string English = "# Install\n\n[中文](zh-CN/install.md)\n\n## The `smc` command\n\n```console\n$ smc render -f examples/\n```\n\n## Certificates\n\nSee [the command](#the-smc-command).\n";
    private const string Chinese = "# 安装\n\n[English](../install.md)\n\n## `smc` 命令\n\n```console\n$ smc render -f examples/\n```\n\n## 证书（Certificates）\n\n见[该命令](#smc-命令)。\n";

    private readonly string _root = Directory.CreateTempSubdirectory("docs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("Certificates", "certificates")]
    [InlineData("The `smc` command", "the-smc-command")]
    [InlineData("9. Without Spiderpool", "9-without-spiderpool")]
    [InlineData("Where we differ from the reference (and why)", "where-we-differ-from-the-reference-and-why")]
    [InlineData("证书（Certificates）：签发、轮换", "证书certificates签发轮换")]
    [InlineData("`smc` 命令", "smc-命令")]
    [InlineData("See [the guide](docs/install.md) now", "see-the-guide-now")]
    [InlineData("snake_case and a-b & c", "snake_case-and-a-b--c")]
    public void A_heading_gets_githubs_anchor(string heading, string anchor) => Assert.Equal(anchor, MarkdownPage.Slug(heading));

    [Fact]
    public void Repeated_headings_get_numbered_anchors_and_headings_inside_code_blocks_do_not_count()
    {
        var page = MarkdownPage.Parse("# A\n## Next\n## Next\n## Next-1\n~~~~yaml\n# not a heading\n~~~\n## Next\n~~~~\n## Next\n```\n# in an unclosed block\n");

        Assert.Equal(["a", "next", "next-1", "next-1-1", "next-2"], page.Headings.Select(h => h.Anchor));
        Assert.Equal(["~~~~yaml\n# not a heading\n~~~\n## Next\n~~~~", "```\n# in an unclosed block\n"], page.CodeBlocks);
    }

    [Fact]
    public void Links_inside_code_are_not_links()
    {
        var page = MarkdownPage.Parse("[a](a.md) `[b](b.md)`\n```\n[c](c.md)\n```\n[d](d.md#x)\n");

        Assert.Equal(["a.md", "d.md#x"], page.Links);
    }

    [Fact]
    public void A_translated_pair_with_the_same_headings_and_code_blocks_that_link_each_other_has_no_differences()
    {
        Write("docs/install.md", English);
        Write("docs/zh-CN/install.md", Chinese);

        Assert.Empty(PagePair.ForEnglish("docs/install.md").Differences(_root));
        Assert.Empty(DocLinks.Broken(Path.Combine(_root, "docs/zh-CN/install.md")));
    }

    [Fact]
    public void A_command_changed_in_one_language_only_is_a_difference_naming_the_block_and_both_texts()
    {
        Write("docs/install.md", English);
        Write("docs/zh-CN/install.md", Chinese.Replace("-f examples/", "-f examples/ -q", StringComparison.Ordinal));

        var difference = Assert.Single(PagePair.ForEnglish("docs/install.md").Differences(_root));
        Assert.Equal("docs/zh-CN/install.md: code block 1 differs from docs/install.md's (1 blocks in English, 1 in Chinese)\n" +
            "--- docs/install.md\n```console\n$ smc render -f examples/\n```\n--- docs/zh-CN/install.md\n```console\n$ smc render -f examples/ -q\n```", difference);
    }

    [Fact]
    public void A_code_block_missing_in_one_language_is_a_difference()
    {
        Write("docs/install.md", English + "\n```console\n$ kubectl get smc\n```\n");
        Write("docs/zh-CN/install.md", Chinese);

        var difference = Assert.Single(PagePair.ForEnglish("docs/install.md").Differences(_root));
        Assert.StartsWith("docs/zh-CN/install.md: code block 2 differs from docs/install.md's (2 blocks in English, 1 in Chinese)", difference, StringComparison.Ordinal);
        Assert.EndsWith("--- docs/zh-CN/install.md\n(none)", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_heading_is_a_difference_naming_the_level_and_both_counts()
    {
        Write("docs/install.md", English);
        Write("docs/zh-CN/install.md", Chinese.Replace("## 证书（Certificates）", "证书（Certificates）", StringComparison.Ordinal));

        Assert.Equal(["docs/zh-CN/install.md: 1 level-2 headings (##), docs/install.md has 2"], PagePair.ForEnglish("docs/install.md").Differences(_root));
    }

    [Fact]
    public void A_page_without_its_counterpart_is_a_pair_of_its_own_and_a_difference_either_way()
    {
        Write("README.md", "# R\n");
        Write("docs/install.md", English);
        Write("docs/zh-CN/tutorial.md", "# 教程\n");

        Assert.Equal(["README.md ↔ README.zh-CN.md", "docs/install.md ↔ docs/zh-CN/install.md", "docs/tutorial.md ↔ docs/zh-CN/tutorial.md"],
            PagePair.In(_root).Select(p => p.ToString()));
        Assert.Equal(["docs/install.md has no Chinese counterpart: docs/zh-CN/install.md is missing"], PagePair.ForEnglish("docs/install.md").Differences(_root));
        Assert.Equal(["docs/zh-CN/tutorial.md has no English counterpart: docs/tutorial.md is missing"], PagePair.ForEnglish("docs/tutorial.md").Differences(_root));
    }

    [Fact]
    public void Pages_that_do_not_link_each_other_are_a_difference()
    {
        Write("docs/install.md", English.Replace("[中文](zh-CN/install.md)", "", StringComparison.Ordinal));
        Write("docs/zh-CN/install.md", Chinese.Replace("[English](../install.md)", "[English](../tutorial.md)", StringComparison.Ordinal));

        Assert.Equal(["docs/zh-CN/install.md does not link to docs/install.md", "docs/install.md does not link to docs/zh-CN/install.md"],
            PagePair.ForEnglish("docs/install.md").Differences(_root));
    }

    [Fact]
    public void An_anchor_no_heading_has_is_a_broken_link_on_the_same_page_and_into_another()
    {
        Write("docs/install.md", English);
        // The English anchor on the Chinese page: the Chinese heading's anchor is #smc-命令.
        Write("docs/zh-CN/install.md", Chinese.Replace("#smc-命令", "#the-smc-command", StringComparison.Ordinal) + "\n[证书](../install.md#certificate)、[教程](tutorial.md)、[安装](install.md#证书certificates)\n");

        Assert.Equal(["#the-smc-command (no heading of install.md has the anchor #the-smc-command)",
            "../install.md#certificate (no heading of install.md has the anchor #certificate)", "tutorial.md (no such file)"],
            DocLinks.Broken(Path.Combine(_root, "docs/zh-CN/install.md")));
    }

    private void Write(string page, string text)
    {
        var path = Path.Combine(_root, page);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
