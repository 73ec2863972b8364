namespace MultusConfig.Operator.Kube;

/// <summary>
/// The bearer token sent with every request: fixed (a kubeconfig's <c>token</c>), or read from a file (the
/// in-cluster service account token, a kubeconfig's <c>tokenFile</c>). A projected service account token is
/// rotated by the kubelet, so the file is read again at most once a minute, as client-go's
/// NewCachedFileTokenSource does (transport/token_source.go: "half of the duration between when the kubelet
/// refreshes a projected service account token and when the original token expires"), and at once after a
/// 401 (client-go's tokenSourceTransport resets the cache on 401; we also retry the request once, see KubeClient).
/// </summary>
public sealed class BearerToken
{
    /// <summary>How long a token read from a file is used before the file is read again.</summary>
    public static readonly TimeSpan FileRereadPeriod = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly string? _path;
    private readonly TimeProvider _time;
    private string _token;
    private long _readAt;

    private BearerToken(string token, string? path, TimeProvider time)
    {
        _token = token;
        _path = path;
        _time = time;
        _readAt = time.GetTimestamp();
    }

    public static BearerToken Fixed(string token) => new(token, null, TimeProvider.System);

    /// <summary>Reads the token file now (an unreadable or empty file is a <see cref="IOException"/>), and again as described above.</summary>
    public static BearerToken FromFile(string path, TimeProvider? time = null) => new(Read(path), path, time ?? TimeProvider.System);

    /// <summary>The file the token comes from; null for a fixed token.</summary>
    public string? FilePath => _path;

    /// <summary>The token to send now.</summary>
    public string Current
    {
        get
        {
            if (_path is null) return _token;
            lock (_gate)
            {
                if (_time.GetElapsedTime(_readAt) >= FileRereadPeriod) TryReread();
                return _token;
            }
        }
    }

    /// <summary>
    /// After a 401 for <paramref name="sent"/>: reads the file again and says whether there is another token to try.
    /// A fixed token, or a file that still holds the rejected token, gives false: a retry would only be refused again.
    /// </summary>
    public bool RefreshAfterUnauthorized(string sent)
    {
        if (_path is null) return false;
        lock (_gate)
        {
            // Another request may have re-read the file since this one was sent.
            if (!string.Equals(_token, sent, StringComparison.Ordinal)) return true;
            TryReread();
            return !string.Equals(_token, sent, StringComparison.Ordinal);
        }
    }

    private void TryReread()
    {
        try
        {
            _token = Read(_path!);
        }
        catch (IOException)
        {
            // The kubelet swaps the projected volume's files with a symlink flip; a read that falls between keeps
            // the last good token (client-go logs and keeps the cached token the same way).
        }
        catch (UnauthorizedAccessException)
        {
        }
        _readAt = _time.GetTimestamp();
    }

    private static string Read(string path)
    {
        var token = File.ReadAllText(path).Trim();
        return token.Length > 0 ? token : throw new IOException($"token file {path} is empty");
    }
}
