namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>
/// Issue 16: the Chinese docs stay in step with the English. Each page pair found on disk (from either side) is its own
/// case: both pages exist, have the same heading count per level, the same code blocks byte for byte in the same order,
/// and link to each other. Changing a command in one language only fails here.
/// </summary>
public class TranslationTests
{
    public static TheoryData<string> EnglishPages() => new(PagePair.In(RepoPaths.Root).Select(p => p.English));

    [Theory]
    [MemberData(nameof(EnglishPages))]
    public void The_chinese_page_has_the_english_pages_headings_and_code_blocks_and_each_links_the_other(string english)
    {
        var differences = PagePair.ForEnglish(english).Differences(RepoPaths.Root);

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void Every_english_doc_page_and_the_readme_are_page_pairs()
    {
        var pairs = PagePair.In(RepoPaths.Root).Select(p => p.ToString()).ToList();

        Assert.Contains("README.md ↔ README.zh-CN.md", pairs);
        Assert.Contains("docs/reference.md ↔ docs/zh-CN/reference.md", pairs);
        Assert.Contains("docs/install.md ↔ docs/zh-CN/install.md", pairs);
    }
}
