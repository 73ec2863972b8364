using System.Net;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;
using MultusConfig.Core.Validation;
using MultusConfig.Operator.Controller.Runtime;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Controller;

/// <summary>
/// Reconciles one SMC: reads it and its NAD from the caches, renders with Core, creates or repairs the
/// NAD (only what we own), adopts an unowned same-name NAD keeping its previous config, never touches
/// a NAD another SMC controls, and reports the outcome in status and Events. Writes nothing when
/// everything already matches.
/// </summary>
public sealed partial class SmcReconciler(
    KubeClient client,
    InformerSet<SpiderMultusConfig, SpiderMultusConfigList> smcs,
    IObjectCache<NetworkAttachmentDefinition> nads,
    RenderProfile profile,
    EventRecorder events,
    ILogger<SmcReconciler> logger,
    TimeProvider time,
    bool adopt = true,
    CniTypeAllowList? allowedTypes = null)
{
    internal const string FieldManager = "multus-config-operator";
    private static readonly TimeSpan TerminatingRecheck = TimeSpan.FromSeconds(2);
    private long _successfulWrites;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string? SeenResourceVersion, SpiderMultusConfigStatus Status)> _written = new(StringComparer.Ordinal);
    // SMC key → uid of the SMC we last created its NAD for: a second create for the same uid is a re-create (IsStaleAsync).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _createdFor = new(StringComparer.Ordinal);

    /// <summary>Writes the API server accepted so far: a rise tells the controller the server answers again.</summary>
    public long SuccessfulWrites => Interlocked.Read(ref _successfulWrites);

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        try
        {
            return await ReconcileCoreAsync(key, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.Conflict)
        {
            // A status write that lost a race (or any write the server refused with 409): nothing
            // else will bring this key back if the SMC itself did not change, so retry it.
            return ReconcileResult.Retry;
        }
        catch (StatusWriteException e)
        {
            // The NAD side is done (or was reported); only the report failed: retry, without calling it a NAD failure.
            LogStatusWriteFailed(key, e.StatusCode, e.Message);
            return ReconcileResult.For(ReconcileResult.Failed, (HttpStatusCode)e.StatusCode);
        }
    }

    private async Task<ReconcileResult> ReconcileCoreAsync(string key, CancellationToken ct)
    {
        var smc = smcs.Get(key);
        if (smc is null || smc.Metadata.DeletionTimestamp is not null)
        {
            _written.TryRemove(key, out _);
            _createdFor.TryRemove(key, out _);
            return ReconcileResult.Done;
        }

        var nadName = NadRenderer.TargetName(smc);
        var errors = SmcValidator.Validate(smc);
        if (errors.Count > 0)
        {
            // Objects that got past admission (webhook down) are never rendered.
            await SetStatusAsync(smc, null, false, ReadyReasons.Invalid, string.Join("; ", errors.Select(e => e.ToString())), ct).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var rendered = NadRenderer.Render(smc, profile);
        if (rendered.Nad is null)
        {
            await SetStatusAsync(smc, null, false, ReadyReasons.RenderFailed, rendered.Error ?? "cannot render", ct).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        var desired = rendered.Nad;
        if (allowedTypes?.Check(smc, desired.Spec.Config) is { Count: > 0 } notAllowed)
        {
            // Admitted before --allowed-cni-types was set (or while the webhook was down): no NAD is written;
            // one written earlier is left as it is, for the admin to delete.
            await SetStatusAsync(smc, null, false, ReadyReasons.TypeNotAllowed, string.Join("; ", notAllowed.Select(e => e.ToString())), ct).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        ManagedAnnotations.Stamp(desired);
        var ns = smc.Metadata.NamespaceProperty;
        string? statusNad = null; // status names the NAD only once it exists and is ours
        try
        {
            var existing = nads.Get(ObjectKey.Of(ns, nadName));
            if (existing is null)
            {
                if (await IsStaleAsync(key, smc, ct).ConfigureAwait(false)) return ReconcileResult.Done;
                await client.CreateAsync(KubeResources.NetworkAttachmentDefinitions, ns, desired, KubeJsonContext.Default.NetworkAttachmentDefinition, FieldManager, ct)
                    .ConfigureAwait(false);
                OperatorMetrics.NadWrites.WithLabels("create").Inc();
                Interlocked.Increment(ref _successfulWrites);
                _createdFor[key] = smc.Metadata.Uid;
                statusNad = nadName;
            }
            else
            {
                statusNad = NadOwnership.Controller(existing.Metadata)?.Uid == smc.Metadata.Uid ? nadName : null;
                if (await WriteExistingAsync(smc, desired, existing, ct).ConfigureAwait(false) is { } unsynced) return unsynced;
                statusNad = nadName;
            }
        }
        catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.Conflict)
        {
            // A stale cache or a concurrent writer: the watch brings the fresh object, then we retry.
            return ReconcileResult.Retry;
        }
        catch (KubeApiException e)
        {
            // Status and Events are read by tenants: they get the status and reason; the log gets the whole body.
            LogWriteFailed(ns, nadName, (int)e.StatusCode, ApiErrorText.ForLog(e));
            await SetStatusAsync(smc, statusNad, false, ReadyReasons.ApiError, $"writing NetworkAttachmentDefinition {nadName} failed: {ApiErrorText.ForStatus(e)}", ct).ConfigureAwait(false);
            return ReconcileResult.For(ReconcileResult.Failed, e.StatusCode);
        }
        // Outside the try above: a failed status write is not a failed NAD write.
        await SetStatusAsync(smc, statusNad, true, ReadyReasons.Synced, UpToDate(nadName), ct).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// Brings an existing NAD to the desired one, or reports why not (terminating, another's). Returns null
    /// when the NAD is now ours and up to date, else the result to return.
    /// </summary>
    private async Task<ReconcileResult?> WriteExistingAsync(SpiderMultusConfig smc, NetworkAttachmentDefinition desired, NetworkAttachmentDefinition existing, CancellationToken ct)
    {
        var ns = smc.Metadata.NamespaceProperty;
        var nadName = existing.Metadata.Name;
        var claim = NadOwnership.Classify(existing.Metadata, smc.Metadata.Name, smc.Metadata.Uid,
            o => smcs.Get(ObjectKey.Of(ns, o.Name))?.Metadata.Uid == o.Uid);
        var ours = claim == NadClaim.Ours;
        if (existing.Metadata.DeletionTimestamp is not null)
        {
            await SetStatusAsync(smc, ours ? nadName : null, false, ReadyReasons.NadTerminating,
                $"NetworkAttachmentDefinition {nadName} is being deleted (finalizers: {string.Join(", ", existing.Metadata.Finalizers ?? [])}); it is recreated once gone", ct).ConfigureAwait(false);
            return ReconcileResult.After(TerminatingRecheck);
        }

        if (claim == NadClaim.Taken)
        {
            var controller = NadOwnership.Controller(existing.Metadata)!;
            await SetStatusAsync(smc, null, false, ReadyReasons.NameConflict,
                $"NetworkAttachmentDefinition {ns}/{nadName} is controlled by {controller.Kind} {ns}/{controller.Name}; choose another name with the annotation {Annotations.CrName}", ct).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        if (!ours && !adopt)
        {
            // --adopt=false: a NAD this SMC did not create is never taken over, whoever asked.
            await SetStatusAsync(smc, null, false, ReadyReasons.NameConflict,
                $"NetworkAttachmentDefinition {ns}/{nadName} already exists and is not controlled by this SpiderMultusConfig; adoption is off (--adopt=false): delete the NAD or choose another name with the annotation {Annotations.CrName}", ct).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        // Work on a copy of what the diff may touch: the cached object must keep showing what the server has.
        var copy = new NetworkAttachmentDefinition
        {
            Metadata = existing.Metadata with
            {
                Annotations = existing.Metadata.Annotations is null ? null : new Dictionary<string, string>(existing.Metadata.Annotations),
                OwnerReferences = existing.Metadata.OwnerReferences?.ToList(),
            },
            Spec = existing.Spec?.Copy() ?? new NetworkAttachmentDefinitionSpec(),
        };
        if (NadDiff.Apply(copy, desired, adopting: !ours))
        {
            try
            {
                await client.ReplaceAsync(KubeResources.NetworkAttachmentDefinitions, ns, nadName, copy, KubeJsonContext.Default.NetworkAttachmentDefinition,
                    fieldManager: FieldManager, ct: ct).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.NotFound)
            {
                // The NAD was deleted after our cache saw it: its delete event is coming, then we create it.
                return ReconcileResult.Retry;
            }
            OperatorMetrics.NadWrites.WithLabels(ours ? "update" : "adopt").Inc();
            Interlocked.Increment(ref _successfulWrites);
            if (!ours)
            {
                var previousConfig = existing.Spec?.Config ?? "";
                var kept = previousConfig.Length > 0 && previousConfig != desired.Spec.Config ? $"; its previous config is kept in the annotation {Annotations.PreviousConfig}" : "";
                events.Record(smc, "Warning", "Adopted", $"took over the existing NetworkAttachmentDefinition {nadName}{kept}");
            }
            else
            {
                LogRepaired(ns, nadName);
            }
        }
        return null;
    }

    /// <summary>
    /// Before creating again a NAD we created for this very SMC (it is gone: the garbage collector, or a
    /// user, removed it), one live GET: when the SMC was deleted (and maybe recreated) while our SMC watch
    /// lags, the cached object's uid is dead, a NAD owned by it would be collected again at once, and its
    /// delete event would bring us back here, a create loop for as long as the watch lags (issue 14 item 7).
    /// The SMC watch brings the current object (deleted, or a new uid) and that event reconciles it.
    /// </summary>
    private async Task<bool> IsStaleAsync(string key, SpiderMultusConfig smc, CancellationToken ct)
    {
        if (!_createdFor.TryGetValue(key, out var createdUid) || createdUid != smc.Metadata.Uid) return false;
        try
        {
            var live = await client.GetAsync(KubeResources.SpiderMultusConfigs, smc.Metadata.NamespaceProperty, smc.Metadata.Name, KubeJsonContext.Default.SpiderMultusConfig, ct)
                .ConfigureAwait(false);
            if (live.Metadata.Uid == smc.Metadata.Uid) return false;
        }
        catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.NotFound)
        {
        }
        _createdFor.TryRemove(key, out _);
        LogStaleSmc(key, smc.Metadata.Uid);
        return true;
    }

    private async Task SetStatusAsync(SpiderMultusConfig smc, string? nadName, bool ready, string reason, string message, CancellationToken ct)
    {
        var key = ObjectKey.Of(smc);
        // The status we wrote last stands for the cached one until the watch delivers our write (the cached
        // SMC still has the resourceVersion it had then): a reconcile woken by the NAD's own event in between
        // would otherwise patch the same status again and record its Event twice (client-go's mutation cache).
        var current = smc.Status;
        if (_written.TryGetValue(key, out var written))
        {
            if (written.SeenResourceVersion == smc.Metadata.ResourceVersion) current = written.Status;
            else _written.TryRemove(key, out _);
        }
        var desired = SmcStatus.Desired(smc, nadName, ready, reason, message, time.GetUtcNow().UtcDateTime);
        if (SmcStatus.Same(current, desired)) return;
        var transition = SmcStatus.IsTransition(current, desired);
        var patch = KubePatch.Merge(SmcStatus.MergePatch(desired));
        try
        {
            await client.PatchAsync(KubeResources.SpiderMultusConfigs, smc.Metadata.NamespaceProperty, smc.Metadata.Name, patch, KubeJsonContext.Default.SpiderMultusConfig,
                subresource: "status", fieldManager: FieldManager, ct: ct).ConfigureAwait(false);
            OperatorMetrics.StatusWrites.Inc();
            Interlocked.Increment(ref _successfulWrites);
            _written[key] = (smc.Metadata.ResourceVersion, desired);
        }
        catch (KubeApiException e) when (e.StatusCode is HttpStatusCode.NotFound)
        {
            // The SMC is gone: nothing to report on.
            _written.TryRemove(key, out _);
            return;
        }
        catch (KubeApiException e) when (e.StatusCode is not HttpStatusCode.Conflict)
        {
            throw new StatusWriteException((int)e.StatusCode, ApiErrorText.ForLog(e), e);
        }
        if (transition)
            events.Record(smc, ready ? "Normal" : "Warning", reason, message);
    }

    /// <summary>One message for every converged state, so that the next pass finds the status unchanged and writes nothing.</summary>
    private static string UpToDate(string nadName) => $"NetworkAttachmentDefinition {nadName} is up to date";

    [LoggerMessage(Level = LogLevel.Warning, Message = "writing NetworkAttachmentDefinition {Namespace}/{Name} failed with HTTP {Code}: {Body}")]
    private partial void LogWriteFailed(string? @namespace, string name, int code, string body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "writing the status of {Key} failed: {Code} {Reason}; retrying with back-off")]
    private partial void LogStatusWriteFailed(string key, int code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "not recreating the NetworkAttachmentDefinition of {Key}: SpiderMultusConfig uid {Uid} no longer exists (our cache lags); waiting for its watch event")]
    private partial void LogStaleSmc(string key, string uid);

    [LoggerMessage(Level = LogLevel.Information, Message = "repaired NetworkAttachmentDefinition {Namespace}/{Name}")]
    private partial void LogRepaired(string? @namespace, string name);
}
