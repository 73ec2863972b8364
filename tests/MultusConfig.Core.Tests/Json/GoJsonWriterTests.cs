using System.Text;
using MultusConfig.Core.Json;

namespace MultusConfig.Core.Tests.Json;

/// <summary>Go's encoding/json output rules (spec 6.10), which .NET's encoders do not follow.</summary>
public class GoJsonWriterTests
{
    private static string Str(string s)
    {
        var sb = new StringBuilder();
        GoJsonWriter.WriteString(sb, s);
        return sb.ToString();
    }

    private static string Num(double d)
    {
        var sb = new StringBuilder();
        GoJsonWriter.WriteDouble(sb, d);
        return sb.ToString();
    }

    [Theory]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"")]
    [InlineData("\u0001\u001f", "\"\\u0001\\u001f\"")]
    [InlineData("<a>&", "\"\\u003ca\\u003e\\u0026\"")]
    [InlineData("\u2028\u2029", "\"\\u2028\\u2029\"")]
    [InlineData("é/\u007f", "\"é/\u007f\"")]
    [InlineData("😀", "\"😀\"")]
    public void Strings_are_escaped_as_go_escapes_them(string input, string expected)
    {
        Assert.Equal(expected, Str(input));
    }

    [Fact]
    public void A_lone_surrogate_is_written_as_the_replacement_character_as_go_does_for_invalid_utf8()
    {
        // Attribute arguments cannot carry a lone surrogate, so the input is built here.
        Assert.Equal("\"\\ufffdx\"", Str(new string(['\ud800', 'x'])));
    }

    [Theory]
    [InlineData(1500, "1500")]
    [InlineData(1.5e3, "1500")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.2345e22, "1.2345e+22")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345678, "123456789012345680")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    public void Numbers_are_formatted_as_go_formats_float64(double input, string expected)
    {
        Assert.Equal(expected, Num(input));
    }

    [Fact]
    public void Canonical_form_sorts_keys_by_utf8_bytes_and_keeps_the_last_duplicate()
    {
        var sb = new StringBuilder();
        CniJsonText.WriteCanonical("""{"b":1,"a":{"z":true,"y":null},"\uffff":1,"😀":2,"b":3}""", sb);
        Assert.Equal("""{"a":{"y":null,"z":true},"b":3,"￿":1,"😀":2}""", sb.ToString());
    }

    [Fact]
    public void Minify_removes_only_insignificant_whitespace()
    {
        Assert.Equal("""{"a":"x y\" z","b":[1,2.50,1e3]}""", CniJsonText.Minify("{ \"a\" : \"x y\\\" z\",\n\t\"b\": [ 1, 2.50, 1e3 ] }"));
    }
}
