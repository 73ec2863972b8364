using System.Text;

namespace MultusConfig.Core.Manifests;

/// <summary>
/// Reads Kubernetes manifests (multi-document YAML, or one or more JSON values) into JSON objects, the way
/// kubectl decodes them, and never throws on input: every problem, from invalid UTF-8 to a billion-laughs
/// document, comes back as a <see cref="ManifestError"/> with its line and column. Pure: text in, objects out.
/// </summary>
public static class ManifestReader
{
    /// <summary>Reads manifest bytes: UTF-8 (BOM optional) or UTF-16 with a BOM.</summary>
    public static ManifestReadResult Read(ReadOnlySpan<byte> content)
    {
        if (content.Length > ManifestLimits.MaxInputBytes)
        {
            return TooLarge(content.Length);
        }
        return ManifestText.TryDecode(content, out var text, out var error)
            ? Read(text)
            : new ManifestReadResult([], [error!]);
    }

    /// <summary>Reads manifest text.</summary>
    public static ManifestReadResult Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return ReadChecked(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The readers report every input problem themselves; reaching this is a bug, but the caller
            // still gets an error instead of an exception, as promised.
            return new ManifestReadResult([], [new ManifestError(1, 1, $"internal error while reading the manifest: {e.Message}")]);
        }
    }

    private static ManifestReadResult ReadChecked(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount > ManifestLimits.MaxInputBytes)
        {
            return TooLarge(byteCount);
        }
        if (LooksLikeJson(text))
        {
            var (jsonDocuments, jsonErrors) = JsonStreamReader.Read(Encoding.UTF8.GetBytes(text), new NodeBudget(ManifestLimits.MaxNodes));
            return ListExpander.Expand(jsonDocuments, jsonErrors);
        }
        var (documents, errors) = YamlStreamReader.Read(text, new NodeBudget(ManifestLimits.MaxNodes));
        return ListExpander.Expand(documents, errors);
    }

    /// <summary>
    /// JSON when it opens like JSON: <c>{"</c>, <c>{}</c> or <c>[</c>. Flow-style YAML such as
    /// <c>{apiVersion: v1, ...}</c> goes to the YAML reader; a JSON text is never retried as YAML, because
    /// YAML would accept a typo such as <c>{"x": tru}</c> as the string "tru".
    /// </summary>
    private static bool LooksLikeJson(string text)
    {
        var first = NextSignificant(text, 0);
        if (first < 0)
        {
            return false;
        }
        if (text[first] == '[')
        {
            return true;
        }
        var second = NextSignificant(text, first + 1);
        return text[first] == '{' && second >= 0 && text[second] is '"' or '}';
    }

    private static int NextSignificant(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] is not (' ' or '\t' or '\r' or '\n'))
            {
                return i;
            }
        }
        return -1;
    }

    private static ManifestReadResult TooLarge(long bytes) =>
        new([], [new ManifestError(1, 1, $"the input is {bytes:N0} bytes; the limit is {ManifestLimits.MaxInputBytes:N0} bytes (64 MiB)")]);
}
