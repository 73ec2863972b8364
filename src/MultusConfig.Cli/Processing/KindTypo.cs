using MultusConfig.Cli.Input;
using MultusConfig.Core.Api;
using MultusConfig.Core.Manifests;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Validation;

namespace MultusConfig.Cli.Processing;

/// <summary>
/// An object of Spiderpool's API group whose kind is nearly SpiderMultusConfig (<c>SpiderMultusconfig</c>,
/// <c>SpiderMultusConfigs</c>) is a typo, not another kind: skipping it as "not a SpiderMultusConfig" would
/// let <c>validate</c> pass a manifest the API server refuses with "no matches for kind". Spiderpool's real
/// kinds (SpiderIPPool, SpiderCoordinator, ...) are far from the name and still skipped.
/// </summary>
internal static class KindTypo
{
    /// <summary>An entry carrying the error when <paramref name="document"/> is such a typo; otherwise null.</summary>
    public static SmcEntry? Check(InputSource source, ManifestDocument document, string defaultNamespace)
    {
        if (!document.ApiVersion.StartsWith(SpiderMultusConfig.Group + "/", StringComparison.Ordinal)) return null;
        var kind = document.Kind;
        if (kind.Length == 0 || kind == SpiderMultusConfig.KindName) return null;
        if (!string.Equals(kind, SpiderMultusConfig.KindName, StringComparison.OrdinalIgnoreCase) && Distance(kind, SpiderMultusConfig.KindName) > 3) return null;

        var error = new FieldError("kind", FieldErrorKind.Invalid,
            $"no kind \"{kind}\" is served in {document.ApiVersion}; did you mean \"{SpiderMultusConfig.KindName}\"?",
            $"\"{System.Text.Json.JsonEncodedText.Encode(kind)}\"");
        var ns = document.Manifest["metadata"]?["namespace"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out string? n) && n.Length > 0 ? n : defaultNamespace;
        return new SmcEntry(source, document, new SmcResult(ns, document.Name, [error], null, null));
    }

    /// <summary>Levenshtein distance, case-insensitive: kinds are short, so the plain table is enough.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
