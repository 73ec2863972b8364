namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>The relative links of a page that lead nowhere: to a missing file or folder, or to an #anchor no heading of the target page has.</summary>
internal static class DocLinks
{
    public static List<string> Broken(string pagePath)
    {
        var broken = new List<string>();
        foreach (var target in MarkdownPage.Load(pagePath).Links)
        {
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var path = file.Length == 0 ? pagePath : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(pagePath)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                broken.Add($"{target} (no such file)");
                continue;
            }
            if (hash < 0 || !path.EndsWith(".md", StringComparison.Ordinal)) continue;
            var anchor = Uri.UnescapeDataString(target[(hash + 1)..]);
            if (!MarkdownPage.Load(path).Anchors.Contains(anchor)) broken.Add($"{target} (no heading of {Path.GetFileName(path)} has the anchor #{anchor})");
        }
        return broken;
    }
}
