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
        elector.OnStartedLeading += () =>
        {
            LogLeading(options.PodName);
            term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            // The elector calls this on its own task: start the controller elsewhere, don't block it.
            running = Task.Run(() => RunTermAsync(term.Token), CancellationToken.None);
        };
        elector.OnStoppedLeading += () =>
        {
            LogStoppedLeading(options.PodName);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost or gave up the lease; controller stopped")]
    private partial void LogStoppedLeading(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "lease request failed: {Status} {Body}")]
    private partial void LogLeaseError(string status, string? body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "leader election error; retrying")]
    private partial void LogElectionError(Exception e);
}
