using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MultusConfig.Operator.Controller;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Runs the controller on the leader only. Each leadership term gets a fresh controller with fresh
/// caches; losing the lease cancels it at once and the replica enters the election again.
/// </summary>
public sealed partial class ControllerService(
    IKubernetes client, NadCache nads, OperatorOptions options, Leadership leadership, ILoggerFactory loggers, TimeProvider time) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<ControllerService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.LeaderElect)
        {
            await RunTermAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        var ns = options.PodNamespace ?? "default";
        var leaseLock = new LeaseLock(client, ns, options.LeaseName, options.PodName);
        leaseLock.OnHttpError += e => LogLeaseError(e.Response.StatusCode.ToString(), e.Response.Content);
        using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });
        CancellationTokenSource? term = null;
        Task? running = null;
        var led = false;
        elector.OnStartedLeading += () =>
        {
            led = true;
            LogLeading(options.PodName);
            term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            // The elector calls this on its own task: start the controller elsewhere, don't block it.
            running = Task.Run(() => RunTermAsync(term.Token), CancellationToken.None);
        };
        elector.OnStoppedLeading += () =>
        {
            // The elector calls this on cancellation too: a shutdown is a hand-over, not a lost lease.
            if (stoppingToken.IsCancellationRequested) LogGivingUp(options.PodName);
            else LogStoppedLeading(options.PodName);
            term?.Cancel();
        };
        elector.OnError += e => LogElectionError(e);

        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await elector.RunUntilLeadershipLostAsync(stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or IOException or TimeoutException or OperationCanceledException)
            {
                LogElectionError(e);
                try
                {
                    await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                backoff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, backoff.Ticks * 2));
            }
            term?.Cancel();
            if (running is not null) await running.ConfigureAwait(false);
            term?.Dispose();
            term = null;
            running = null;
            // Only after the controller has stopped writing: the successor may start the moment the Lease is free.
            if (led && stoppingToken.IsCancellationRequested) await ReleaseLeaseAsync(ns).ConfigureAwait(false);
            led = false;
        }
    }

    /// <summary>
    /// client-go's ReleaseOnCancel (KubernetesClient's elector has none): when a term ends because the process stops,
    /// clear holderIdentity and set leaseDurationSeconds to 1, only if the Lease is still ours (the write carries the
    /// resourceVersion we read). Without it every rolling update leaves no controller for the lease duration plus a retry.
    /// Best effort: a failure leaves the Lease to expire as before.
    /// </summary>
    private async Task ReleaseLeaseAsync(string ns)
    {
        using var timeout = new CancellationTokenSource(options.RenewDeadline);
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, ns, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != options.PodName) return;
            var now = time.GetUtcNow().UtcDateTime;
            lease.Spec.HolderIdentity = "";
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.AcquireTime = now;
            lease.Spec.RenewTime = now;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaseName, ns, cancellationToken: timeout.Token).ConfigureAwait(false);
            LogReleased(options.PodName);
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or IOException or OperationCanceledException)
        {
            LogReleaseFailed(e);
        }
    }

    private async Task RunTermAsync(CancellationToken ct)
    {
        using var controller = new SmcController(client, nads, options, loggers, time);
        leadership.Lead(controller);
        try
        {
            await controller.RunAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            leadership.StandBy();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became the leader; starting the controller")]
    private partial void LogLeading(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost the lease; controller stopped")]
    private partial void LogStoppedLeading(string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} is stopping; controller stopped, releasing the lease")]
    private partial void LogGivingUp(string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released the lease (empty holder); a standby can take over at once")]
    private partial void LogReleased(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not release the lease on shutdown; it expires after the lease duration")]
    private partial void LogReleaseFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "lease request failed: {Status} {Body}")]
    private partial void LogLeaseError(string status, string? body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "leader election error; retrying")]
    private partial void LogElectionError(Exception e);
}
