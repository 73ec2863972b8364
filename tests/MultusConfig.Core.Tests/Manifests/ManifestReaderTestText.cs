using MultusConfig.Core.Manifests;

namespace MultusConfig.Core.Tests.Manifests;

/// <summary>Shorthands the reader tests share.</summary>
internal static class ManifestReaderTestText
{
    public static ManifestReadResult ReadOk(string text)
    {
        var result = ManifestReader.Read(text);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result;
    }

    public static ManifestError SingleError(string text) => Assert.Single(ManifestReader.Read(text).Errors);
}
