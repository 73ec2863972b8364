using k8s.Models;
using Microsoft.Extensions.Hosting;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Admission;
using MultusConfig.Operator.Controller.Runtime;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Controller;

/// <summary>
/// The NAD informers (all namespaces, or the watched ones), run on every replica: the leader's
/// controller reconciles from them, and every replica's validating webhook answers "is this NAD name
/// taken by another SMC?" from them, so the check holds whichever replica the API server calls.
/// </summary>
public sealed class NadCache : BackgroundService, INadOwnerLookup, IObjectCache<NetworkAttachmentDefinition>
{
    private readonly List<Informer<NetworkAttachmentDefinition, NetworkAttachmentDefinitionList>> _informers = [];
    private readonly KubeClient _client;

    public NadCache(KubeClient client, OperatorOptions options, ILoggerFactory loggers, TimeProvider time, InformerOptions? informerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _client = client;
        var logger = loggers.CreateLogger<NadCache>();
        var namespaces = options.Namespaces.Count == 0 ? [null] : options.Namespaces.Select(n => (string?)n).ToList();
        foreach (var ns in namespaces)
        {
            var informer = new Informer<NetworkAttachmentDefinition, NetworkAttachmentDefinitionList>(client, KubeResources.NetworkAttachmentDefinitions, ns,
                KubeJsonContext.Default.NetworkAttachmentDefinition, KubeJsonContext.Default.NetworkAttachmentDefinitionList, logger, time, informerOptions);
            informer.Changed += (old, current) => Changed?.Invoke(old, current);
            _informers.Add(informer);
        }
    }

    /// <summary>Every change, as (old, new) with new null on deletion.</summary>
    public event Action<NetworkAttachmentDefinition?, NetworkAttachmentDefinition?>? Changed;

    public bool HasSynced => _informers.All(i => i.HasSynced);

    public bool IsReady => HasSynced;

    public Task Synced => Task.WhenAll(_informers.Select(i => i.Synced));

    public int Count => _informers.Sum(i => i.Count);

    public NetworkAttachmentDefinition? Get(string key)
    {
        foreach (var informer in _informers)
        {
            if (informer.Get(key) is { } nad) return nad;
        }
        return null;
    }

    public V1ObjectMeta? NadMetadata(string nadNamespace, string nadName) => Get(ObjectKey.Of(nadNamespace, nadName))?.Metadata;

    /// <summary>
    /// One live GET: SMCs are cached only on the leader, and this answers the webhook on every replica. It
    /// runs only for a NAD controlled by an SMC of another name, which is rare, and waits at most 5 s.
    /// </summary>
    public async ValueTask<bool> SmcExistsAsync(string nadNamespace, V1OwnerReference owner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(owner);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var smc = await _client.GetAsync(KubeResources.SpiderMultusConfigs, nadNamespace, owner.Name, KubeJsonContext.Default.SpiderMultusConfig, timeout.Token)
                .ConfigureAwait(false);
            return smc.Metadata?.Uid == owner.Uid;
        }
        catch (KubeApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or OperationCanceledException or IOException or System.Text.Json.JsonException)
        {
            return true;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_informers.Select(i => i.RunAsync(stoppingToken)));
}
