namespace MultusConfig.Core.Manifests;

/// <summary>
/// The character checks go-yaml makes before parsing, which YamlDotNet does not: YamlDotNet treats NUL as
/// the end of the stream, so without this check everything after a NUL byte would be silently ignored.
/// </summary>
internal static class YamlCharacters
{
    /// <summary>The first character YAML does not allow, or null when the text is clean.</summary>
    public static ManifestError? FindDisallowed(string text)
    {
        int line = 1, column = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                column += 2;
                continue;
            }
            if (!Allowed(c))
            {
                return new ManifestError(line, column, $"control character U+{(int)c:X4} is not allowed in YAML (is this a binary file?)");
            }
            (line, column) = c == '\n' ? (line + 1, 1) : (line, column + 1);
        }
        return null;
    }

    /// <summary>
    /// YamlDotNet reports a tab used as indentation at the start of the enclosing mapping; the tab
    /// itself is what the user has to find, so point at the first indenting tab after that mark.
    /// </summary>
    public static (int Line, int Column)? FirstIndentingTab(string text, long fromLine)
    {
        var line = 1;
        var atLineStart = true;
        var column = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                (line, column, atLineStart) = (line + 1, 1, true);
                continue;
            }
            if (c == '\t' && atLineStart && line >= fromLine)
            {
                return (line, column);
            }
            if (c != ' ')
            {
                atLineStart = false;
            }
            column++;
        }
        return null;
    }

    private static bool Allowed(char c) =>
        c is '\t' or '\n' or '\r' or (>= ' ' and <= '~') or '\u0085' or (>= '\u00A0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');
}
