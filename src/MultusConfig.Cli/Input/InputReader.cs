using MultusConfig.Core.Manifests;

namespace MultusConfig.Cli.Input;

/// <summary>Reads a source's bytes, refusing more than the manifest size limit without reading it all.</summary>
public static class InputReader
{
    /// <summary>The bytes, or null with <paramref name="error"/> saying why they could not be read.</summary>
    public static byte[]? ReadAll(InputSource source, Func<Stream> stdin, out string? error)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(stdin);
        error = null;
        try
        {
            if (source.FilePath is { } path)
            {
                using var file = File.OpenRead(path);
                return ReadCapped(file, source, out error);
            }
            return ReadCapped(stdin(), source, out error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            error = $"{source.DisplayName}: cannot read: {e.Message}";
            return null;
        }
    }

    private static byte[]? ReadCapped(Stream stream, InputSource source, out string? error)
    {
        error = null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > ManifestLimits.MaxInputBytes)
            {
                error = $"{source.DisplayName}: larger than {ManifestLimits.MaxInputBytes / (1024 * 1024)} MiB, the limit for one manifest file";
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
