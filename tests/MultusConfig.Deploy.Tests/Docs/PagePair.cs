namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>
/// An English page and its Chinese translation (issue 16): README.md ↔ README.zh-CN.md, docs/X.md ↔ docs/zh-CN/X.md.
/// Paths are relative to the repository root, with '/'.
/// </summary>
internal sealed record PagePair(string English, string Chinese)
{
    /// <summary>Every pair with at least one side on disk under <paramref name="root"/>, so a page missing on either side is a case of its own.</summary>
    public static IReadOnlyList<PagePair> In(string root)
    {
        var english = Markdown(root, "docs").Concat(Markdown(root, ".").Where(p => p == "README.md"));
        var fromChinese = Markdown(root, "docs/zh-CN").Concat(Markdown(root, ".").Where(p => p == "README.zh-CN.md"))
            .Select(p => p == "README.zh-CN.md" ? "README.md" : "docs/" + Path.GetFileName(p));
        return english.Union(fromChinese).Order(StringComparer.Ordinal).Select(ForEnglish).ToList();
    }

    public static PagePair ForEnglish(string english) =>
        new(english, english == "README.md" ? "README.zh-CN.md" : "docs/zh-CN/" + Path.GetFileName(english));

    /// <summary>
    /// What keeps the two pages from being one text in two languages, the first difference of each kind: a page missing,
    /// the heading count of a level, the first differing code block (its number and both texts), a missing link to the other page.
    /// </summary>
    public List<string> Differences(string root)
    {
        var englishPath = Path.Combine(root, English);
        var chinesePath = Path.Combine(root, Chinese);
        if (!File.Exists(chinesePath)) return [$"{English} has no Chinese counterpart: {Chinese} is missing"];
        if (!File.Exists(englishPath)) return [$"{Chinese} has no English counterpart: {English} is missing"];
        var en = MarkdownPage.Load(englishPath);
        var zh = MarkdownPage.Load(chinesePath);
        var differences = new List<string>();

        for (var level = 1; level <= 6; level++)
        {
            int enCount = en.Headings.Count(h => h.Level == level), zhCount = zh.Headings.Count(h => h.Level == level);
            if (enCount == zhCount) continue;
            differences.Add($"{Chinese}: {zhCount} level-{level} headings ({new string('#', level)}), {English} has {enCount}");
            break;
        }

        var first = Enumerable.Range(0, Math.Max(en.CodeBlocks.Count, zh.CodeBlocks.Count))
            .FirstOrDefault(i => i >= en.CodeBlocks.Count || i >= zh.CodeBlocks.Count || en.CodeBlocks[i] != zh.CodeBlocks[i], -1);
        if (first >= 0)
        {
            differences.Add($"{Chinese}: code block {first + 1} differs from {English}'s ({en.CodeBlocks.Count} blocks in English, {zh.CodeBlocks.Count} in Chinese)\n" +
                $"--- {English}\n{Block(en, first)}\n--- {Chinese}\n{Block(zh, first)}");
        }

        if (!LinksTo(chinesePath, zh, englishPath)) differences.Add($"{Chinese} does not link to {English}");
        if (!LinksTo(englishPath, en, chinesePath)) differences.Add($"{English} does not link to {Chinese}");
        return differences;
    }

    public override string ToString() => $"{English} ↔ {Chinese}";

    private static string Block(MarkdownPage page, int index) => index < page.CodeBlocks.Count ? page.CodeBlocks[index] : "(none)";

    private static bool LinksTo(string fromPath, MarkdownPage from, string toPath) => from.Links
        .Select(target => target.Split('#')[0])
        .Where(file => file.Length > 0 && !file.Contains("://", StringComparison.Ordinal))
        .Any(file => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(fromPath)!, Uri.UnescapeDataString(file))) == Path.GetFullPath(toPath));

    private static IEnumerable<string> Markdown(string root, string folder) =>
        Directory.Exists(Path.Combine(root, folder))
            ? Directory.GetFiles(Path.Combine(root, folder), "*.md").Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            : [];
}
