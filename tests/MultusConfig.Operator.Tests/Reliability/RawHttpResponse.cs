using System.Globalization;
using System.Text;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>An HTTP/1.x response as read off the wire.</summary>
internal sealed record RawHttpResponse(string Version, int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? MediaType => Headers.TryGetValue("content-type", out var type) ? type.Split(';')[0].Trim() : null;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public bool ConnectionClose => Headers.TryGetValue("connection", out var c) && c.Contains("close", StringComparison.OrdinalIgnoreCase);

    /// <summary>The response if <paramref name="bytes"/> hold a complete one; with <paramref name="closed"/> a body without framing ends at the close.</summary>
    public static RawHttpResponse? TryParse(byte[] bytes, bool closed)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return null;
        var lines = text[..end].Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var status = int.Parse(statusLine[1], CultureInfo.InvariantCulture);
        var start = end + 4;
        byte[]? body;
        if (headers.TryGetValue("content-length", out var length))
        {
            var n = int.Parse(length, CultureInfo.InvariantCulture);
            body = bytes.Length - start >= n ? bytes[start..(start + n)] : null;
        }
        else if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(bytes, start);
        }
        else
        {
            body = closed || status is 204 or 304 || (status >= 100 && status < 200) ? bytes[start..] : null;
        }
        return body is null ? null : new RawHttpResponse(statusLine[0], status, headers, body);
    }

    private static byte[]? Dechunk(byte[] bytes, int at)
    {
        var body = new MemoryStream();
        while (true)
        {
            var lineEnd = IndexOfCrLf(bytes, at);
            if (lineEnd < 0) return null;
            var size = int.Parse(Encoding.ASCII.GetString(bytes, at, lineEnd - at).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            at = lineEnd + 2;
            if (size == 0) return IndexOfCrLf(bytes, at) >= 0 ? body.ToArray() : null;
            if (bytes.Length < at + size + 2) return null;
            body.Write(bytes, at, size);
            at += size + 2;
        }
    }

    private static int IndexOfCrLf(byte[] bytes, int from)
    {
        for (var i = from; i + 1 < bytes.Length; i++)
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') return i;
        return -1;
    }
}
