using System.Security.Cryptography;
using System.Text;

namespace MultusConfig.Operator.Certificates;

/// <summary>
/// The default certificate mode: the operator is its own CA. Every replica runs this loop; the Secret is the
/// single source of truth, written create-if-absent or with the resourceVersion it was judged at, so replicas
/// starting together or renewing together converge on one CA and one serving certificate.
/// </summary>
public sealed partial class ManagedCertificateService(
    ICertificateSecretStore store,
    ICaBundlePublisher publisher,
    ServerCertificateProvider provider,
    ServingCertificateNames names,
    WebhookCertificateSettings settings,
    TimeProvider time,
    ILogger<ManagedCertificateService> logger) : BackgroundService
{
    /// <summary>Read, judge, repair and write rounds per reconcile before giving up until the next one (only reached under constant interference).</summary>
    private const int MaxAttempts = 5;

    private (string Pem, System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate)? _served;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = settings.MinRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await ReconcileOnceAsync(stoppingToken).ConfigureAwait(false);
                retry = settings.MinRetryDelay;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must survive any API or crypto failure and try again; each is logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e, retry);
                wait = retry;
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, settings.MaxRetryDelay.Ticks));
            }
            try
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One full pass: make the Secret hold a usable bundle, serve it, publish its CA. Returns how long until the
    /// next pass is due (the renewal time, or the recheck interval if sooner).
    /// </summary>
    public async Task<TimeSpan> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var bundle = await EnsureBundleAsync(cancellationToken).ConfigureAwait(false);
        // Loading costs a PKCS#12 round trip and a native handle; do it only when the stored certificate changed.
        if (_served is not { } served || served.Pem != bundle.CertificatePem)
        {
            _served = served = (bundle.CertificatePem, bundle.LoadServing());
            provider.Set(served.Certificate);
        }
        var serving = served.Certificate;
        await publisher.PublishAsync(Encoding.UTF8.GetBytes(bundle.CaCertificatePem), cancellationToken).ConfigureAwait(false);

        var now = time.GetUtcNow();
        var renewAt = settings.RenewalTime(serving.NotBefore.ToUniversalTime(), serving.NotAfter.ToUniversalTime());
        var untilRenewal = renewAt - now;
        // The floor keeps odd settings (a CA shorter-lived than its serving certificate) from spinning the loop.
        return untilRenewal < settings.RecheckInterval ? (untilRenewal > settings.MinRetryDelay ? untilRenewal : settings.MinRetryDelay) : settings.RecheckInterval;
    }

    private async Task<CertificateBundle> EnsureBundleAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var stored = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
            var bundle = CertificateBundle.FromSecretData(stored?.Data);
            var (verdict, reason) = CertificateInspector.Inspect(bundle, names, now, settings);
            if (verdict == BundleVerdict.Usable) return bundle!;

            CertificateBundle fresh;
            if (verdict == BundleVerdict.RenewServing)
            {
                using var ca = bundle!.LoadCa();
                fresh = CertificateBundle.WithNewServing(ca, names, now, settings);
            }
            else
            {
                fresh = CertificateBundle.Issue(names, now, settings);
            }

            var written = stored is null
                ? await store.TryCreateAsync(fresh.ToSecretData(), cancellationToken).ConfigureAwait(false)
                : await store.TryReplaceAsync(stored, fresh.ToSecretData(), cancellationToken).ConfigureAwait(false);
            if (written)
            {
                LogIssued(logger, verdict == BundleVerdict.Reissue ? "a new CA and serving certificate" : "a new serving certificate", reason);
                return fresh;
            }
            // Another replica wrote first; its bundle is as good as ours, so read it and judge again.
            LogLostRace(logger, attempt);
        }
        throw new CryptographicException($"the certificate Secret kept changing under us for {MaxAttempts} attempts");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {What} in the webhook certificate Secret because {Reason}")]
    private static partial void LogIssued(ILogger logger, string what, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another replica updated the webhook certificate Secret first (attempt {Attempt}); using theirs")]
    private static partial void LogLostRace(ILogger logger, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not ensure the webhook certificate; retrying in {Retry}")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan retry);
}
