using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace MultusConfig.Core.Manifests;

/// <summary>
/// Turns manifest bytes into text. UTF-8 (with or without BOM) and BOM-marked UTF-16 are accepted, like
/// kubectl; invalid UTF-8 is an error at the line and column of the first bad byte rather than a silent
/// U+FFFD that would end up inside a rendered config.
/// </summary>
internal static class ManifestText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out ManifestError? error)
    {
        text = "";
        error = null;
        try
        {
            if (bytes.StartsWith(stackalloc byte[] { 0xEF, 0xBB, 0xBF }))
            {
                bytes = bytes[3..];
            }
            else if (bytes.StartsWith(stackalloc byte[] { 0xFF, 0xFE, 0, 0 }) || bytes.StartsWith(stackalloc byte[] { 0, 0, 0xFE, 0xFF }))
            {
                error = new ManifestError(1, 1, "UTF-32 text is not supported; save the file as UTF-8");
                return false;
            }
            else if (bytes.StartsWith(stackalloc byte[] { 0xFF, 0xFE }))
            {
                text = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes[2..]);
                return true;
            }
            else if (bytes.StartsWith(stackalloc byte[] { 0xFE, 0xFF }))
            {
                text = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes[2..]);
                return true;
            }

            if (!Utf8.IsValid(bytes))
            {
                error = InvalidUtf8(bytes);
                return false;
            }
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            error = new ManifestError(1, 1, "the text is not valid UTF-16");
            return false;
        }
    }

    private static ManifestError InvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int offset = 0, line = 1, column = 1;
        while (offset < bytes.Length && Rune.DecodeFromUtf8(bytes[offset..], out var rune, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
            (line, column) = rune.Value == '\n' ? (line + 1, 1) : (line, column + rune.Utf16SequenceLength);
        }
        var bad = offset < bytes.Length ? $" (byte 0x{bytes[offset]:X2})" : "";
        return new ManifestError(line, column, $"invalid UTF-8{bad}; manifests must be UTF-8 text");
    }
}
