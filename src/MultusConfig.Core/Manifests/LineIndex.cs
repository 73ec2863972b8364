namespace MultusConfig.Core.Manifests;

/// <summary>Maps byte offsets in UTF-8 text to 1-based lines and (character) columns.</summary>
internal sealed class LineIndex
{
    private readonly byte[] _utf8;
    private readonly List<int> _lineStarts = [0];
    private int _cursorLine = -1, _cursorOffset, _cursorColumns;

    public LineIndex(byte[] utf8)
    {
        _utf8 = utf8;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public (int Line, int Column) At(long offset)
    {
        var clamped = (int)Math.Clamp(offset, 0, _utf8.Length);
        var index = _lineStarts.BinarySearch(clamped);
        var line = index >= 0 ? index : ~index - 1;
        // Tokens are located in increasing order, so counting on from the previous one keeps a
        // 60 MB single-line JSON linear instead of recounting the line for every token.
        var columns = line == _cursorLine && clamped >= _cursorOffset
            ? _cursorColumns + Columns(_cursorOffset, clamped)
            : Columns(_lineStarts[line], clamped);
        (_cursorLine, _cursorOffset, _cursorColumns) = (line, clamped, columns);
        return (line + 1, columns + 1);
    }

    /// <summary>Position given as a 0-based line and a byte offset within it, as JsonException reports.</summary>
    public (int Line, int Column) AtLine(long line0, long bytesInLine)
    {
        var line = (int)Math.Clamp(line0, 0, _lineStarts.Count - 1);
        var start = _lineStarts[line];
        return At(start + Math.Max(0, bytesInLine));
    }

    private int Columns(int from, int to)
    {
        var chars = 0;
        for (var i = from; i < to; i++)
        {
            var b = _utf8[i];
            // Count lead bytes; a 4-byte sequence is two UTF-16 chars, as editors count columns.
            if ((b & 0xC0) != 0x80)
            {
                chars += b >= 0xF0 ? 2 : 1;
            }
        }
        return chars;
    }
}
