using MultusConfig.Core.Manifests;

namespace MultusConfig.Core.Tests.Manifests;

public class YamlScalarResolverTests
{
    [Theory]
    [InlineData("")]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("Null")]
    [InlineData("NULL")]
    public void Null_spellings_of_yaml_1_1_resolve_to_null(string plain)
    {
        Assert.Equal(YamlScalarKind.Null, YamlScalarResolver.Resolve(plain, out var value));
        Assert.Null(value);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData("Yes", true)]
    [InlineData("YES", true)]
    [InlineData("on", true)]
    [InlineData("On", true)]
    [InlineData("ON", true)]
    [InlineData("y", true)]
    [InlineData("Y", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("NO", false)]
    [InlineData("off", false)]
    [InlineData("Off", false)]
    [InlineData("n", false)]
    [InlineData("N", false)]
    public void Yaml_1_1_boolean_spellings_resolve_to_booleans(string plain, bool expected)
    {
        Assert.Equal(YamlScalarKind.Boolean, YamlScalarResolver.Resolve(plain, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("yEs")]
    [InlineData("tRUE")]
    [InlineData("nope")]
    [InlineData("Nan")]
    [InlineData("onn")]
    public void Mixed_case_and_near_miss_words_stay_strings(string plain) =>
        Assert.Equal(YamlScalarKind.Text, YamlScalarResolver.Resolve(plain, out _));

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("-42", -42L)]
    [InlineData("+42", 42L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0X1f", 31L)]
    [InlineData("-0x10", -16L)]
    [InlineData("010", 8L)]
    [InlineData("0777", 511L)]
    [InlineData("0o17", 15L)]
    [InlineData("0b101", 5L)]
    [InlineData("1_000_000", 1000000L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Go_integer_syntax_resolves_to_the_same_number_as_in_kubectl(string plain, long expected)
    {
        Assert.Equal(YamlScalarKind.WholeNumber, YamlScalarResolver.Resolve(plain, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Integers_above_long_range_resolve_to_unsigned()
    {
        Assert.Equal(YamlScalarKind.WholeNumber, YamlScalarResolver.Resolve("18446744073709551615", out var value));
        Assert.Equal(ulong.MaxValue, value);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-1.5", -1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("+.5", 0.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E-3", 0.001)]
    [InlineData("0.", 0.0)]
    [InlineData("08", 8.0)]
    [InlineData("09.5", 9.5)]
    [InlineData("18446744073709551616", 18446744073709551616.0)]
    public void Decimal_floats_resolve_to_doubles(string plain, double expected)
    {
        Assert.Equal(YamlScalarKind.RealNumber, YamlScalarResolver.Resolve(plain, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(".inf", double.PositiveInfinity)]
    [InlineData("+.Inf", double.PositiveInfinity)]
    [InlineData("-.INF", double.NegativeInfinity)]
    public void Infinity_spellings_resolve_to_infinite_floats(string plain, double expected)
    {
        Assert.Equal(YamlScalarKind.RealNumber, YamlScalarResolver.Resolve(plain, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Nan_spelling_resolves_to_nan()
    {
        Assert.Equal(YamlScalarKind.RealNumber, YamlScalarResolver.Resolve(".nan", out var value));
        Assert.True(double.IsNaN((double)value!));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("0x")]
    [InlineData("1.2.3")]
    [InlineData("2001-12-14")]
    [InlineData("12:30")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("0xZZ")]
    [InlineData("ens192")]
    [InlineData("_1")]
    [InlineData("1e")]
    [InlineData(".")]
    [InlineData("..5")]
    public void Text_that_is_no_number_in_go_stays_a_string(string plain)
    {
        Assert.Equal(YamlScalarKind.Text, YamlScalarResolver.Resolve(plain, out var value));
        Assert.Equal(plain, value);
    }

    [Fact]
    public void Double_angle_bracket_is_the_merge_key() =>
        Assert.Equal(YamlScalarKind.MergeKey, YamlScalarResolver.Resolve("<<", out _));

    [Theory]
    [InlineData("macvlan", true)]
    [InlineData("yes", false)]
    [InlineData("0755", false)]
    [InlineData("", false)]
    public void Stays_string_tells_whether_plain_writing_is_safe(string text, bool expected) =>
        Assert.Equal(expected, YamlScalarResolver.StaysString(text));
}
