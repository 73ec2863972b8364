using System.Text.Json.Serialization.Metadata;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Certificates;

/// <summary>
/// Watches the certificate Secret and the two webhook configurations, each by name (a <c>metadata.name</c> field
/// selector, which RBAC authorizes against <c>resourceNames</c>). A replica then loads a certificate another replica
/// wrote, and a recreated or re-applied configuration gets its caBundle, on the watch event rather than the recheck.
/// </summary>
public sealed partial class KubernetesCertificateChangeWatch(
    KubeClient client, string @namespace, string secretName, string mutatingName, string validatingName, ILogger<KubernetesCertificateChangeWatch> logger)
    : ICertificateChangeWatch
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private const int WatchTimeoutSeconds = 300;

    public Task RunAsync(Action changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var watches = new List<Task>
        {
            LoopAsync("Secret", secretName, changed, ct => WatchAsync(KubeResources.Secrets, @namespace, secretName, KubeJsonContext.Default.V1Secret, changed, ct), cancellationToken),
        };
        if (!string.IsNullOrEmpty(mutatingName))
            watches.Add(LoopAsync("MutatingWebhookConfiguration", mutatingName, changed, ct => WatchAsync(
                KubeResources.MutatingWebhookConfigurations, null, mutatingName, KubeJsonContext.Default.V1MutatingWebhookConfiguration, changed, ct), cancellationToken));
        if (!string.IsNullOrEmpty(validatingName))
            watches.Add(LoopAsync("ValidatingWebhookConfiguration", validatingName, changed, ct => WatchAsync(
                KubeResources.ValidatingWebhookConfigurations, null, validatingName, KubeJsonContext.Default.V1ValidatingWebhookConfiguration, changed, ct), cancellationToken));
        return Task.WhenAll(watches);
    }

    /// <summary>One watch of one object by name; every event (bookmarks excepted) is a possible change.</summary>
    private async Task WatchAsync<T>(KubeResource resource, string? ns, string name, JsonTypeInfo<T> type, Action changed, CancellationToken ct)
    {
        var options = new WatchOptions { FieldSelector = "metadata.name=" + name, TimeoutSeconds = WatchTimeoutSeconds, AllowBookmarks = false };
        await foreach (var e in client.WatchAsync(resource, ns, options, type, ct).ConfigureAwait(false))
        {
            if (e.Type != WatchEventType.Bookmark) changed();
        }
    }

    private async Task LoopAsync(string kind, string name, Action changed, Func<CancellationToken, Task> watch, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await watch(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A watch failure (RBAC, network, a stream cut) must not end the loop; the periodic recheck still runs.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogWatchFailed(logger, e, kind, name);
            }
            try
            {
                await Task.Delay(ReconnectDelay, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            // Anything may have changed while the watch was down.
            changed();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Kind} {Name} failed; reconnecting (the periodic recheck still runs)")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string kind, string name);
}
