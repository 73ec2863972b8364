using System.Buffers;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// Splits a watch response into its lines as they arrive: one JSON event per line (the API server's streaming
/// encoder ends each with a newline). An event split across reads is put together; the stream is never read to
/// its end before events are handed out.
/// </summary>
internal sealed class WatchLineReader(Stream stream) : IDisposable
{
    /// <summary>An object is at most ~1.5 MiB in etcd; a line far beyond that is not a watch event.</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _start;
    private int _end;

    /// <summary>The next non-empty line, valid until the next call; null when the server ended the stream after a whole line.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken ct)
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, scanned + newline);
                _start += scanned + newline + 1;
                scanned = 0;
                if (line.Span.Trim(" \r\t"u8).IsEmpty) continue;
                return line;
            }
            scanned = _end - _start;
            MakeRoom();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            if (read == 0)
            {
                if (_buffer.AsSpan(_start, _end - _start).Trim(" \r\t"u8).IsEmpty) return null;
                throw new IOException($"the watch stream ended inside an event ({_end - _start} bytes without their end of line)");
            }
            _end += read;
        }
    }

    /// <summary>Moves the unread part to the front, and doubles the buffer when a line fills it.</summary>
    private void MakeRoom()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end < _buffer.Length) return;
        if (_buffer.Length >= MaxLineBytes) throw new IOException($"a watch event longer than {MaxLineBytes} bytes");
        var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _end).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
