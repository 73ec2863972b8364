using System.Net;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Controller;

/// <summary>
/// --namespace names that do not exist: their informers list nothing and wait, which looks exactly like a
/// namespace without SMCs, so a typo would go unnoticed. Checked once when the controller starts, one warning per
/// missing namespace; never fatal (the namespace may be created later, and is then watched as usual).
/// </summary>
internal static partial class WatchedNamespaces
{
    public static async Task WarnMissingAsync(KubeClient client, IReadOnlyList<string> namespaces, ILogger logger, CancellationToken ct)
    {
        foreach (var name in namespaces)
        {
            try
            {
                await client.GetAsync(KubeResources.Namespaces, null, name, KubeJsonContext.Default.V1Namespace, ct).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                LogMissing(logger, name);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or System.Text.Json.JsonException or OperationCanceledException)
            {
                // A check, not a dependency: an RBAC without get on namespaces (an older install) or a failing
                // API server must not stop the controller.
                LogUnchecked(logger, name, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "watched namespace {Namespace} (--namespace) does not exist; its SpiderMultusConfigs are reconciled once it is created")]
    private static partial void LogMissing(ILogger logger, string @namespace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not check that watched namespace {Namespace} (--namespace) exists: {Reason}")]
    private static partial void LogUnchecked(ILogger logger, string @namespace, string reason);
}
