using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>
/// The parts of a Markdown page the docs tests look at: its ATX headings with the anchors GitHub gives them, its fenced
/// code blocks verbatim, and the targets of its inline links. Only the Markdown our docs use: ATX headings (no setext),
/// ``` or ~~~ fences, <c>[text](target)</c> links.
/// </summary>
internal sealed partial class MarkdownPage
{
    public sealed record Heading(int Level, string Text, string Anchor);

    private MarkdownPage(List<Heading> headings, List<string> codeBlocks, List<string> links)
    {
        Headings = headings;
        CodeBlocks = codeBlocks;
        Links = links;
        Anchors = headings.Select(h => h.Anchor).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<Heading> Headings { get; }

    /// <summary>Each block from its opening fence line to its closing one, joined with \n, byte for byte.</summary>
    public IReadOnlyList<string> CodeBlocks { get; }

    /// <summary>Link targets outside code blocks and inline code spans, as written (e.g. <c>../install.md#certificates</c>).</summary>
    public IReadOnlyList<string> Links { get; }

    public IReadOnlySet<string> Anchors { get; }

    public static MarkdownPage Load(string path) => Parse(File.ReadAllText(path));

    public static MarkdownPage Parse(string text)
    {
        var headings = new List<Heading>();
        var blocks = new List<string>();
        var links = new List<string>();
        var slugs = new Dictionary<string, int>(StringComparer.Ordinal);
        string? fence = null;
        var block = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (fence is not null)
            {
                block.Add(line);
                // CommonMark: closed by a line of the same character, at least as long, with no info string.
                var trimmed = line.Trim();
                if (trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]))
                {
                    blocks.Add(string.Join('\n', block));
                    fence = null;
                }
                continue;
            }
            if (Fence().Match(line) is { Success: true } open)
            {
                fence = open.Groups[1].Value;
                block = [line];
                continue;
            }
            if (AtxHeading().Match(line) is { Success: true } h)
            {
                var headingText = ClosingHashes().Replace(h.Groups[2].Value, "").Trim();
                headings.Add(new Heading(h.Groups[1].Length, headingText, Unique(Slug(headingText), slugs)));
            }
            links.AddRange(Link().Matches(CodeSpan().Replace(line, "")).Select(m => m.Groups[1].Value));
        }
        // An unclosed fence runs to the end of the page, as CommonMark has it.
        if (fence is not null) blocks.Add(string.Join('\n', block));
        return new MarkdownPage(headings, blocks, links);
    }

    /// <summary>
    /// GitHub's anchor of a heading (github-slugger): the heading's text without its inline markup, lower-cased, every
    /// character dropped that is not a letter (CJK included), mark, number, connector punctuation (<c>_</c>), space or
    /// <c>-</c>, then each space made a <c>-</c>. Full-width punctuation such as （）：， is dropped.
    /// </summary>
    public static string Slug(string headingText)
    {
        var slug = new StringBuilder();
        foreach (var rune in PlainText(headingText).ToLowerInvariant().EnumerateRunes())
        {
            if (rune.Value == ' ') slug.Append('-');
            else if (rune.Value == '-' || Kept(Rune.GetUnicodeCategory(rune))) slug.Append(rune.ToString());
        }
        return slug.ToString();
    }

    private static bool Kept(UnicodeCategory category) => category is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
        UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or
        UnicodeCategory.ConnectorPunctuation;

    /// <summary>The text GitHub renders for a heading: code spans' content as written; links reduced to their text, HTML tags gone, entities decoded.</summary>
    private static string PlainText(string heading)
    {
        var text = new StringBuilder();
        var at = 0;
        foreach (Match span in CodeSpanContent().Matches(heading))
        {
            text.Append(Inline(heading[at..span.Index])).Append(span.Groups[2].Value);
            at = span.Index + span.Length;
        }
        return text.Append(Inline(heading[at..])).ToString().Trim();

        static string Inline(string s) => WebUtility.HtmlDecode(HtmlTag().Replace(LinkWithText().Replace(s, "$1"), ""));
    }

    /// <summary>A second heading with the same slug gets -1, a third -2, skipping any suffix another heading already has.</summary>
    private static string Unique(string slug, Dictionary<string, int> seen)
    {
        var unique = slug;
        if (seen.ContainsKey(slug))
        {
            do unique = $"{slug}-{++seen[slug]}";
            while (seen.ContainsKey(unique));
        }
        seen[unique] = 0;
        return unique;
    }

    [GeneratedRegex(@"^\s*(`{3,}(?=[^`]*$)|~{3,})")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"(?:^|[ \t]+)#+[ \t]*$")]
    private static partial Regex ClosingHashes();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkWithText();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"(`+)[^`].*?\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(`+)(.+?)\1")]
    private static partial Regex CodeSpanContent();
}
