using CsCheck;
using MultusConfig.Core.Manifests;

namespace MultusConfig.Core.Tests.Manifests;

public class ManifestReaderPropertyTests
{
    // YAML's indicators and the words it resolves, so random text hits the parser's interesting paths.
    private static readonly Gen<string> YamlishText = Gen.OneOfConst(
            "{", "}", "[", "]", ":", ": ", ",", "- ", "? ", "&a ", "*a", "!!int ", "!!str ", "|", ">", "'", "\"", "#", "\n", "\n  ", "\t",
            "<<: ", "---\n", "...\n", "apiVersion: v1\n", "kind: A\n", "kind: List\nitems:\n", "yes", "0x1F", ".inf", "~", "\\u", "\\ud800", "%YAML 1.1\n", "x")
        .Array[0, 60]
        .Select(parts => string.Concat(parts));

    [Fact]
    public void Random_bytes_never_make_the_reader_throw() =>
        Gen.Byte.Array[0, 512].Sample(bytes =>
        {
            var result = ManifestReader.Read(bytes);
            Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1));
        }, iter: 2000);

    [Fact]
    public void Random_yaml_like_text_never_makes_the_reader_throw_and_every_object_has_a_kind() =>
        YamlishText.Sample(text =>
        {
            var result = ManifestReader.Read(text);
            Assert.All(result.Documents, d => Assert.False(string.IsNullOrEmpty(d.Kind)));
            Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1));
        }, iter: 5000);
}
