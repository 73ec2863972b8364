using System.Security.Cryptography;

namespace MultusConfig.Operator.Certificates;

/// <summary>
/// The <c>--cert-dir</c> mode: tls.crt and tls.key come from a folder someone else keeps current (cert-manager
/// through a mounted Secret). A file watcher reacts quickly; a periodic re-read catches what it misses, since a
/// mounted Secret changes by swapping a <c>..data</c> symlink. Nothing is written to the cluster in this mode.
/// </summary>
public sealed partial class CertificateDirectoryService(
    string directory,
    ServerCertificateProvider provider,
    WebhookCertificateSettings settings,
    TimeProvider time,
    ILogger<CertificateDirectoryService> logger) : BackgroundService
{
    public const string CertificateFile = "tls.crt";
    public const string KeyFile = "tls.key";

    private readonly SemaphoreSlim _changed = new(0, 1);
    private byte[]? _loadedCertificate;
    private byte[]? _loadedKey;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = CreateWatcher();
        while (!stoppingToken.IsCancellationRequested)
        {
            TryReload();
            try
            {
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                poll.CancelAfter(settings.CertDirPollInterval);
                await _changed.WaitAsync(poll.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The poll interval passed without a file event: re-read anyway.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Loads the pair if it changed since the last load. False when the files are missing, half-written or mismatched (the previous certificate stays).</summary>
    public bool TryReload()
    {
        try
        {
            var certificate = File.ReadAllBytes(Path.Combine(directory, CertificateFile));
            var key = File.ReadAllBytes(Path.Combine(directory, KeyFile));
            if (_loadedCertificate is not null && certificate.AsSpan().SequenceEqual(_loadedCertificate) && key.AsSpan().SequenceEqual(_loadedKey))
                return true;
            var loaded = PemCertificates.LoadWithKey(System.Text.Encoding.UTF8.GetString(certificate), System.Text.Encoding.UTF8.GetString(key));
            DateTimeOffset notAfter = loaded.NotAfter.ToUniversalTime();
            if (notAfter < time.GetUtcNow()) LogExpired(logger, directory, notAfter);
            provider.Set(loaded);
            _loadedCertificate = certificate;
            _loadedKey = key;
            LogLoaded(logger, directory, loaded.Subject, notAfter);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            // Mid-rotation the two files can disagree for a moment; the next event or poll retries.
            LogUnreadable(logger, e, directory);
            return false;
        }
    }

    private FileSystemWatcher? CreateWatcher()
    {
        if (!Directory.Exists(directory)) return null;
        var watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        FileSystemEventHandler signal = (_, _) => Signal();
        watcher.Changed += signal;
        watcher.Created += signal;
        watcher.Deleted += signal;
        watcher.Renamed += (_, _) => Signal();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A reload is already pending; one is enough for any number of events.
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the webhook certificate from {Directory}: {Subject}, valid until {NotAfter}")]
    private static partial void LogLoaded(ILogger logger, string directory, string subject, DateTimeOffset notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot load tls.crt/tls.key from {Directory}; keeping the previous certificate")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook certificate in {Directory} expired at {NotAfter}; the API server will refuse it")]
    private static partial void LogExpired(ILogger logger, string directory, DateTimeOffset notAfter);
}
