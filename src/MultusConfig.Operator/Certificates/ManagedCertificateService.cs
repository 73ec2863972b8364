using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MultusConfig.Operator.Certificates;

/// <summary>
/// The default certificate mode: the operator is its own CA. Every replica runs this loop; the Secret is the
/// single source of truth, written with the resourceVersion it was judged at, so replicas renewing together
/// converge on one CA and one serving certificate. The Secret itself is shipped (empty) with the manifests: the
/// operator may only get, update and watch it by name, never create one.
/// <para>
/// A CA change (new CA) keeps the CAs being replaced in the Secret and in every caBundle for
/// <see cref="WebhookCertificateSettings.CaOverlap"/>, longer than a replica takes to load the new certificate (it
/// watches the Secret, and rechecks it every <see cref="WebhookCertificateSettings.RecheckInterval"/>), so the API
/// server trusts every replica, whichever certificate it serves. A replica publishes before it serves: a certificate
/// is never served before its CA is in the caBundle.
/// </para>
/// </summary>
public sealed partial class ManagedCertificateService(
    ICertificateSecretStore store,
    ICaBundlePublisher publisher,
    ServerCertificateProvider provider,
    ServingCertificateNames names,
    WebhookCertificateSettings settings,
    TimeProvider time,
    ILogger<ManagedCertificateService> logger,
    ICertificateChangeWatch? watch = null) : BackgroundService
{
    /// <summary>Read, judge, repair and write rounds per reconcile before giving up until the next one (only reached under constant interference).</summary>
    private const int MaxAttempts = 5;

    private readonly SemaphoreSlim _changed = new(0, 1);
    private (string Pem, X509Certificate2 Certificate)? _served;

    /// <summary>The bundle this replica serves; it repairs an emptied or damaged Secret without a new CA.</summary>
    private CertificateBundle? _current;

    private bool _reportedMissing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watching = watch?.RunAsync(Signal, stoppingToken) ?? Task.CompletedTask;
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
                break;
            }
#pragma warning disable CA1031 // The loop must survive any API or crypto failure and try again; each is logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (e is not CertificateSecretMissingException) LogFailed(logger, e, retry);
                wait = retry;
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, settings.MaxRetryDelay.Ticks));
            }
            try
            {
                // A watch event (the Secret or a webhook configuration changed) ends the wait early.
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(wait, time, timer.Token);
                await Task.WhenAny(delay, _changed.WaitAsync(timer.Token)).ConfigureAwait(false);
                await timer.CancelAsync().ConfigureAwait(false);
                stoppingToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        try
        {
            await watching.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A pass is already pending; one is enough for any number of events.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// One full pass: make the Secret hold a usable bundle, publish its CA (with the previous ones during a change),
    /// then serve it. Returns how long until the next pass is due (renewal, the end of a CA change, or the recheck).
    /// </summary>
    public async Task<TimeSpan> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var bundle = await EnsureBundleAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        // Publish first: the API server must trust a certificate before any replica serves it.
        await publisher.PublishAsync(Encoding.UTF8.GetBytes(bundle.TrustedCaPem(now)), cancellationToken).ConfigureAwait(false);
        // Loading costs a PKCS#12 round trip and a native handle; do it only when the stored certificate changed.
        if (_served is not { } served || served.Pem != bundle.CertificatePem)
        {
            _served = served = (bundle.CertificatePem, bundle.LoadServing());
            provider.Set(served.Certificate);
        }
        _current = bundle;

        var serving = served.Certificate;
        var due = settings.RenewalTime(serving.NotBefore.ToUniversalTime(), serving.NotAfter.ToUniversalTime()) - now;
        if (bundle.PreviousCaUntil is { } until && until - now < due) due = until - now;
        // The floor keeps odd settings (a CA shorter-lived than its serving certificate) from spinning the loop.
        return due < settings.RecheckInterval ? (due > settings.MinRetryDelay ? due : settings.MinRetryDelay) : settings.RecheckInterval;
    }

    private async Task<CertificateBundle> EnsureBundleAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var stored = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (stored is null) return Missing();
            _reportedMissing = false;
            provider.Problem = null;

            var bundle = CertificateBundle.FromSecretData(stored.Data);
            var (verdict, reason) = CertificateInspector.Inspect(bundle, names, now, settings);
            CertificateBundle desired;
            string what;
            if (verdict == BundleVerdict.Usable)
            {
                desired = bundle!;
                what = "";
            }
            else if (_current is { } current && CertificateInspector.Inspect(current, names, now, settings).Verdict == BundleVerdict.Usable)
            {
                // What this replica serves is still good: putting it back changes no CA, so no caBundle has to follow.
                desired = current.WithoutPreviousCa() with { PreviousCaPem = bundle?.PreviousCaPem ?? "", PreviousCaUntil = bundle?.PreviousCaUntil };
                what = "the certificate this replica serves";
            }
            else if (verdict == BundleVerdict.RenewServing)
            {
                using var ca = bundle!.LoadCa();
                desired = CertificateBundle.WithNewServing(ca, names, now, settings) with { PreviousCaPem = bundle.PreviousCaPem, PreviousCaUntil = bundle.PreviousCaUntil };
                what = "a new serving certificate";
            }
            else
            {
                var fresh = CertificateBundle.Issue(names, now, settings);
                var previous = StillTrusted(now, fresh.CaCertificatePem, bundle?.CaCertificatePem, _current?.CaCertificatePem, bundle?.PreviousCaUntil > now ? bundle.PreviousCaPem : null);
                desired = previous.Length == 0 ? fresh : fresh with { PreviousCaPem = previous, PreviousCaUntil = now + settings.CaOverlap };
                what = "a new CA and serving certificate";
            }
            // The change is over once every replica has had the overlap to load the new certificate.
            if (desired.PreviousCaUntil is { } until && until <= now) desired = desired.WithoutPreviousCa();

            var data = desired.ToSecretData();
            if (CertificateBundle.SameData(stored.Data, data)) return desired;
            if (await store.TryReplaceAsync(stored, data, cancellationToken).ConfigureAwait(false))
            {
                if (what.Length > 0) LogIssued(logger, what, reason);
                else LogOverlapEnded(logger);
                return desired;
            }
            // Another replica wrote first; its bundle is as good as ours, so read it and judge again.
            LogLostRace(logger, attempt);
        }
        throw new CryptographicException($"the certificate Secret kept changing under us for {MaxAttempts} attempts");
    }

    /// <summary>
    /// No Secret: the operator may not create one (a stolen token could otherwise mint Secrets). A replica that already
    /// serves keeps its certificate (still in the caBundle) and says what to do; one that never had one stays unready.
    /// </summary>
    private CertificateBundle Missing()
    {
        var message = $"the webhook certificate {store.Name} does not exist and the operator may not create it; "
                      + "re-apply the manifests (kubectl apply -k deploy/default) or run helm upgrade, which ship it empty";
        provider.Problem = message;
        if (!_reportedMissing)
        {
            _reportedMissing = true;
            if (_current is not null) LogMissingServing(logger, message);
            else LogMissingNotServing(logger, message);
        }
        return _current ?? throw new CertificateSecretMissingException(message);
    }

    /// <summary>The distinct, unexpired CA certificates among <paramref name="candidates"/> other than <paramref name="newCaPem"/>, as one PEM text.</summary>
    private static string StillTrusted(DateTimeOffset now, string newCaPem, params string?[] candidates)
    {
        using var fresh = X509Certificate2.CreateFromPem(newCaPem);
        var seen = new HashSet<string>(StringComparer.Ordinal) { fresh.Thumbprint };
        var pem = new StringBuilder();
        foreach (var text in candidates)
        {
            if (string.IsNullOrEmpty(text)) continue;
            var certificates = new X509Certificate2Collection();
            try
            {
                certificates.ImportFromPem(text);
            }
            catch (CryptographicException)
            {
                continue; // damaged text: nobody can be serving a certificate of a CA we cannot read
            }
            foreach (var certificate in certificates)
            {
                using (certificate)
                {
                    if (certificate.NotAfter.ToUniversalTime() > now && seen.Add(certificate.Thumbprint)) pem.Append(certificate.ExportCertificatePem()).Append('\n');
                }
            }
        }
        return pem.ToString();
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {What} in the webhook certificate Secret because {Reason}")]
    private static partial void LogIssued(ILogger logger, string what, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The CA change is over: the previous CA is dropped from the Secret and the caBundles")]
    private static partial void LogOverlapEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another replica updated the webhook certificate Secret first (attempt {Attempt}); using theirs")]
    private static partial void LogLostRace(ILogger logger, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not ensure the webhook certificate; retrying in {Retry}")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan retry);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot load a webhook certificate: {Message}. This replica stays unready until the Secret exists")]
    private static partial void LogMissingNotServing(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot keep the webhook certificate: {Message}. This replica keeps serving the certificate it has")]
    private static partial void LogMissingServing(ILogger logger, string message);
}
