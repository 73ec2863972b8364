using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MultusConfig.Operator.Controller;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Runs the controller on the leader only. Each leadership term gets a fresh controller with fresh
/// caches; losing the lease cancels it at once and the replica enters the election again.
/// </summary>
public sealed partial class ControllerService(
    KubeClient client, NadCache nads, OperatorOptions options, Leadership leadership, ILoggerFactory loggers, TimeProvider time) : BackgroundService
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
        var elector = new LeaseElector(
            new KubeLeaseStore(client, ns, options.LeaseName),
            new LeaseElectorOptions
            {
                Identity = options.PodName,
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.RenewDeadline,
                RetryPeriod = options.RetryPeriod,
                // The elector releases only after the term below has returned, i.e. the controller has stopped writing.
                ReleaseOnCancel = true,
            },
            new LeaderCallbacks
            {
                OnStartedLeading = term => LeadAsync(term, stoppingToken),
                OnNewLeader = identity => { if (identity.Length > 0) LogNewLeader(identity); },
            },
            time,
            loggers.CreateLogger<LeaseElector>());

        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await elector.RunAsync(stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is HttpRequestException or KubeApiException or IOException or TimeoutException or OperationCanceledException)
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
        }
    }

    /// <summary>One leadership term: the elector cancels <paramref name="term"/> when it ends and waits for this task.</summary>
    private async Task LeadAsync(CancellationToken term, CancellationToken stoppingToken)
    {
        LogLeading(options.PodName);
        try
        {
            await RunTermAsync(term).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
        }
        // A shutdown is a hand-over, not a lost lease.
        if (stoppingToken.IsCancellationRequested) LogGivingUp(options.PodName);
        else LogStoppedLeading(options.PodName);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "the lease is held by {Identity}")]
    private partial void LogNewLeader(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "leader election error; retrying")]
    private partial void LogElectionError(Exception e);
}
