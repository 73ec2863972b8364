using k8s;
using k8s.Models;

namespace MultusConfig.Operator.Certificates;

/// <summary>
/// Watches the certificate Secret and the two webhook configurations, each by name (a <c>metadata.name</c> field
/// selector, which RBAC authorizes against <c>resourceNames</c>). A replica then loads a certificate another replica
/// wrote, and a recreated or re-applied configuration gets its caBundle, on the watch event rather than the recheck.
/// </summary>
public sealed partial class KubernetesCertificateChangeWatch(
    IKubernetes client, string @namespace, string secretName, string mutatingName, string validatingName, ILogger<KubernetesCertificateChangeWatch> logger)
    : ICertificateChangeWatch
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private const int WatchTimeoutSeconds = 300;

    public Task RunAsync(Action changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var watches = new List<Task>
        {
            LoopAsync("Secret", secretName, changed, ct => Watch<V1Secret, V1SecretList>(
                client.CoreV1.ListNamespacedSecretWithHttpMessagesAsync(@namespace, fieldSelector: "metadata.name=" + secretName, timeoutSeconds: WatchTimeoutSeconds, watch: true, cancellationToken: ct), changed, ct), cancellationToken),
        };
        if (!string.IsNullOrEmpty(mutatingName))
            watches.Add(LoopAsync("MutatingWebhookConfiguration", mutatingName, changed, ct => Watch<V1MutatingWebhookConfiguration, V1MutatingWebhookConfigurationList>(
                client.AdmissionregistrationV1.ListMutatingWebhookConfigurationWithHttpMessagesAsync(fieldSelector: "metadata.name=" + mutatingName, timeoutSeconds: WatchTimeoutSeconds, watch: true, cancellationToken: ct), changed, ct), cancellationToken));
        if (!string.IsNullOrEmpty(validatingName))
            watches.Add(LoopAsync("ValidatingWebhookConfiguration", validatingName, changed, ct => Watch<V1ValidatingWebhookConfiguration, V1ValidatingWebhookConfigurationList>(
                client.AdmissionregistrationV1.ListValidatingWebhookConfigurationWithHttpMessagesAsync(fieldSelector: "metadata.name=" + validatingName, timeoutSeconds: WatchTimeoutSeconds, watch: true, cancellationToken: ct), changed, ct), cancellationToken));
        return Task.WhenAll(watches);
    }

    private static async Task Watch<T, TList>(Task<k8s.Autorest.HttpOperationResponse<TList>> response, Action changed, CancellationToken ct)
    {
        Exception? streamError = null;
#pragma warning disable CS0618 // WatchAsync<T,L> is obsolete but is the typed watch of 21.x (as in Informer).
        await foreach (var _ in response.WatchAsync<T, TList>(e => streamError ??= e, ct).ConfigureAwait(false))
#pragma warning restore CS0618
            changed();
        if (streamError is not null) throw streamError;
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
