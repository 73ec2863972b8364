using MultusConfig.Core.Api;

namespace MultusConfig.Core.Tests.Api;

/// <summary>A NAD config kept as UTF-8 (the operator's cache) reads back and compares exactly as the text it was.</summary>
public class NadConfigCompactionTests
{
    private const string Ascii = """{"cniVersion":"0.3.1","name":"net-a","type":"macvlan"}""";
    // 2-, 3- and 4-byte characters (a surrogate pair).
    private const string Wide = """{"cniVersion":"0.3.1","name":"über-网络-🚀","type":"macvlan"}""";

    private static NetworkAttachmentDefinitionSpec Compacted(string config)
    {
        var spec = new NetworkAttachmentDefinitionSpec { Config = config };
        spec.CompactConfig();
        return spec;
    }

    [Theory]
    [InlineData(Ascii)]
    [InlineData(Wide)]
    [InlineData("")]
    public void A_compacted_config_reads_back_as_the_same_text_and_equals_it(string config)
    {
        var spec = Compacted(config);

        Assert.Equal(config, spec.Config);
        Assert.True(spec.ConfigEquals(config));
        Assert.True(spec.ConfigEquals(new string(config.AsSpan())));
    }

    [Theory]
    // Same length, one character changed.
    [InlineData(Ascii, """{"cniVersion":"0.3.1","name":"net-b","type":"macvlan"}""")]
    // Same number of characters as the wide one, ASCII only.
    [InlineData(Wide, """{"cniVersion":"0.3.1","name":"uber-xx-xx","type":"macvlan"}""")]
    // As many UTF-8 bytes, other characters.
    [InlineData("é", "ü")]
    [InlineData("éa", "aé")]
    // As many UTF-8 bytes as characters of the other.
    [InlineData("ab", "é")]
    [InlineData(Ascii, Ascii + " ")]
    [InlineData(Ascii, "")]
    // A lone surrogate is never equal to what was stored.
    [InlineData("\uFFFD", "\uD800")]
    public void A_compacted_config_differs_from_any_other_text(string config, string other)
    {
        Assert.False(Compacted(config).ConfigEquals(other));
        Assert.False(Compacted(other).ConfigEquals(config));
        Assert.False(Compacted(config).ConfigEquals(null));
    }

    [Fact]
    public void A_copy_keeps_the_config_and_setting_the_copys_config_leaves_the_original_alone()
    {
        var original = Compacted(Wide);
        var copy = original.Copy();

        Assert.True(copy.ConfigEquals(Wide));
        copy.Config = Ascii;

        Assert.Equal(Wide, original.Config);
        Assert.Equal(Ascii, copy.Config);
        Assert.True(copy.ConfigEquals(Ascii));
    }

    [Fact]
    public void A_config_with_a_lone_surrogate_is_kept_as_text()
    {
        var spec = Compacted("bad \uD800 half");

        Assert.Equal("bad \uD800 half", spec.Config);
        Assert.True(spec.ConfigEquals("bad \uD800 half"));
    }
}
