using System.Text;
using MultusConfig.Core.Manifests;

namespace MultusConfig.Core.Tests.Manifests;

public class ManifestReaderBytesTests
{
    [Fact]
    public void Invalid_utf8_is_an_error_at_the_line_and_column_of_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: A\nname: ab").Concat(new byte[] { 0xC3, 0x28, (byte)'\n' }).ToArray();
        var error = Assert.Single(ManifestReader.Read(bytes).Errors);
        Assert.Equal(3, error.Line);
        Assert.Equal(9, error.Column);
        Assert.Contains("invalid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_garbage_is_an_error_not_an_exception()
    {
        var random = new Random(7);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        var result = ManifestReader.Read(bytes);
        Assert.Empty(result.Documents);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_ignored()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("apiVersion: v1\nkind: A\n")).ToArray();
        Assert.Equal("A", Assert.Single(ManifestReader.Read(bytes).Documents).Kind);
    }

    [Fact]
    public void Utf16_with_a_byte_order_mark_is_read()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("apiVersion: v1\nkind: A\n")).ToArray();
        Assert.Equal("A", Assert.Single(ManifestReader.Read(bytes).Documents).Kind);
    }

    [Fact]
    public void Input_over_the_size_limit_is_rejected_before_parsing()
    {
        var bytes = new byte[ManifestLimits.MaxInputBytes + 1];
        var error = Assert.Single(ManifestReader.Read(bytes).Errors);
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nul_bytes_are_an_error()
    {
        var result = ManifestReader.Read(new byte[] { (byte)'a', (byte)':', 0, 0, 0 });
        Assert.NotEmpty(result.Errors);
    }
}
