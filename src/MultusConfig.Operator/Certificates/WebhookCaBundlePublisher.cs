using System.Net;
using System.Text.Json.Nodes;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Certificates;

/// <summary>
/// Sets <c>clientConfig.caBundle</c> of every webhook in the named Mutating- and ValidatingWebhookConfiguration
/// with a JSON Patch, writing only when it differs. Each op is guarded by a <c>test</c> of the webhook's name,
/// so a configuration reordered between read and write fails the patch instead of patching the wrong webhook.
/// </summary>
public sealed partial class WebhookCaBundlePublisher(KubeClient client, string mutatingName, string validatingName, ILogger<WebhookCaBundlePublisher> logger)
    : ICaBundlePublisher
{
    private readonly HashSet<string> _warnedMissing = [];

    public async Task PublishAsync(byte[] caBundlePem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caBundlePem);
        if (!string.IsNullOrEmpty(mutatingName))
        {
            var mutating = await ReadOrNull(() => client.GetAsync(KubeResources.MutatingWebhookConfigurations, null, mutatingName, KubeJsonContext.Default.V1MutatingWebhookConfiguration, cancellationToken), "MutatingWebhookConfiguration", mutatingName).ConfigureAwait(false);
            if (mutating is not null)
            {
                var patch = PatchFor(mutating.Webhooks?.Select(w => (w.Name, w.ClientConfig?.CaBundle)), caBundlePem);
                if (patch is not null)
                {
                    await client.PatchAsync(KubeResources.MutatingWebhookConfigurations, null, mutatingName, patch, KubeJsonContext.Default.V1MutatingWebhookConfiguration, ct: cancellationToken).ConfigureAwait(false);
                    LogPublished(logger, "MutatingWebhookConfiguration", mutatingName);
                }
            }
        }
        if (!string.IsNullOrEmpty(validatingName))
        {
            var validating = await ReadOrNull(() => client.GetAsync(KubeResources.ValidatingWebhookConfigurations, null, validatingName, KubeJsonContext.Default.V1ValidatingWebhookConfiguration, cancellationToken), "ValidatingWebhookConfiguration", validatingName).ConfigureAwait(false);
            if (validating is not null)
            {
                var patch = PatchFor(validating.Webhooks?.Select(w => (w.Name, w.ClientConfig?.CaBundle)), caBundlePem);
                if (patch is not null)
                {
                    await client.PatchAsync(KubeResources.ValidatingWebhookConfigurations, null, validatingName, patch, KubeJsonContext.Default.V1ValidatingWebhookConfiguration, ct: cancellationToken).ConfigureAwait(false);
                    LogPublished(logger, "ValidatingWebhookConfiguration", validatingName);
                }
            }
        }
    }

    /// <summary>The JSON Patch for the webhooks whose caBundle differs; null when all are current.</summary>
    public static KubePatch? PatchFor(IEnumerable<(string Name, byte[]? CaBundle)>? webhooks, byte[] caBundlePem)
    {
        var ops = new JsonArray();
        var index = 0;
        foreach (var (name, current) in webhooks ?? [])
        {
            if (current is null || !current.AsSpan().SequenceEqual(caBundlePem))
            {
                // Added as JsonNode: JsonArray.Add<T> would serialize a JsonObject by reflection (not AOT-safe).
                ops.Add((JsonNode)new JsonObject { ["op"] = "test", ["path"] = $"/webhooks/{index}/name", ["value"] = name });
                // "add" sets a member whether or not it exists yet (RFC 6902 4.1), unlike "replace".
                ops.Add((JsonNode)new JsonObject { ["op"] = "add", ["path"] = $"/webhooks/{index}/clientConfig/caBundle", ["value"] = Convert.ToBase64String(caBundlePem) });
            }
            index++;
        }
        return ops.Count == 0 ? null : KubePatch.Json(ops.ToJsonString());
    }

    private async Task<T?> ReadOrNull<T>(Func<Task<T>> read, string kind, string name) where T : class
    {
        try
        {
            var result = await read().ConfigureAwait(false);
            lock (_warnedMissing) _warnedMissing.Remove(kind);
            return result;
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            bool first;
            lock (_warnedMissing) first = _warnedMissing.Add(kind);
            // Once per disappearance: the recheck loop would otherwise repeat it every minute.
            if (first) LogMissing(logger, kind, name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} {Name} does not exist; its caBundle is not set. The webhook cannot be called until it is created (the operator retries)")]
    private static partial void LogMissing(ILogger logger, string kind, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the webhook CA into the caBundle of {Kind} {Name}")]
    private static partial void LogPublished(ILogger logger, string kind, string name);
}
