using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace MultusConfig.ApiServer;

/// <summary>
/// The kube-controller-manager parts the operator relies on, run asynchronously after commits like
/// the real controllers: the garbage collector (Background, Foreground with blockOwnerDeletion,
/// Orphan; dependents whose owners are all gone are deleted, dangling references removed) and the
/// namespace controller (a terminating namespace is emptied, then removed).
/// </summary>
internal sealed class GarbageCollector : IAsyncDisposable
{
    private readonly ResourceHandlers _handlers;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private static readonly TimeSpan MaxRest = TimeSpan.FromMilliseconds(250);
    private int _passes;

    public GarbageCollector(ResourceHandlers handlers)
    {
        _handlers = handlers;
        handlers.Store.Committed += OnCommitted;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completed passes; tests can wait for this to move instead of sleeping.</summary>
    public int Passes => Volatile.Read(ref _passes);

    private void OnCommitted(StoredEvent e)
    {
        // Only changes that can make an owner disappear or a reference dangle need a pass.
        if (e.Type == "DELETED" || ObjectMeta.DeletionTimestamp(e.Object) is not null || ObjectMeta.OwnerReferences(e.Object).Count > 0)
        {
            _wake.Writer.TryWrite(true);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    await PassAsync().ConfigureAwait(false);
                }
#pragma warning disable CA1031 // a failed pass must not stop the controller; the next commit retries
                catch (Exception)
#pragma warning restore CA1031
                {
                    _wake.Writer.TryWrite(true);
                    await Task.Delay(50, _stop.Token).ConfigureAwait(false);
                }
                Interlocked.Increment(ref _passes);
                // A pass reads the whole store, and a burst of creates with ownerReferences wakes it again at
                // once: resting four times as long as the pass took keeps the collector under a fifth of a core
                // (the real one is asynchronous too), so benchmarks of the operator do not measure the double.
                var rest = System.Diagnostics.Stopwatch.GetElapsedTime(started) * 4;
                if (rest > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(rest < MaxRest ? rest : MaxRest, _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PassAsync()
    {
        var registry = _handlers.Registry;
        var all = _handlers.Store.Snapshot(_ => true, registry.FindByStoreKey);
        var byUid = new Dictionary<string, (ResourceType Type, JsonObject Object)>(StringComparer.Ordinal);
        foreach (var item in all)
        {
            byUid[ObjectMeta.Uid(item.Object)] = item;
        }
        foreach (var (type, obj) in all)
        {
            if (ObjectMeta.DeletionTimestamp(obj) is not null)
            {
                await HandleDeletingAsync(type, obj, all).ConfigureAwait(false);
            }
            var refs = ObjectMeta.OwnerReferences(obj);
            if (refs.Count == 0 || ObjectMeta.DeletionTimestamp(obj) is not null)
            {
                continue;
            }
            var dangling = refs.Where(r => !OwnerExists(r, obj, byUid)).ToList();
            if (dangling.Count == refs.Count)
            {
                await TryAsync(() => _handlers.DeleteAsync(Scope(type, obj), new DeleteOptions("Background", ObjectMeta.Uid(obj), null, false))).ConfigureAwait(false);
            }
            else if (dangling.Count > 0)
            {
                var uids = dangling.Select(r => ObjectMeta.Str(r["uid"])).ToHashSet(StringComparer.Ordinal);
                RemoveOwnerReferences(type, obj, uids);
            }
        }
    }

    private async Task HandleDeletingAsync(ResourceType type, JsonObject owner, List<(ResourceType Type, JsonObject Object)> all)
    {
        var uid = ObjectMeta.Uid(owner);
        var finalizers = ObjectMeta.Finalizers(owner);
        var dependents = all.Where(d => ObjectMeta.OwnerReferences(d.Object).Any(r => ObjectMeta.Str(r["uid"]) == uid)).ToList();
        if (finalizers.Contains(ResourceHandlers.OrphanFinalizer))
        {
            foreach (var (dt, d) in dependents)
            {
                RemoveOwnerReferences(dt, d, [uid]);
            }
            RemoveFinalizer(type, owner, ResourceHandlers.OrphanFinalizer);
        }
        else if (finalizers.Contains(ResourceHandlers.ForegroundFinalizer))
        {
            foreach (var (dt, d) in dependents.Where(d => ObjectMeta.DeletionTimestamp(d.Object) is null))
            {
                await TryAsync(() => _handlers.DeleteAsync(Scope(dt, d), new DeleteOptions("Foreground", ObjectMeta.Uid(d), null, false))).ConfigureAwait(false);
            }
            var blocking = dependents.Any(d => ObjectMeta.OwnerReferences(d.Object).Any(r =>
                ObjectMeta.Str(r["uid"]) == uid && r["blockOwnerDeletion"]?.GetValueKind() == System.Text.Json.JsonValueKind.True));
            if (!blocking)
            {
                RemoveFinalizer(type, owner, ResourceHandlers.ForegroundFinalizer);
            }
        }
        if (type == BuiltInResources.Namespaces)
        {
            var name = ObjectMeta.Name(owner);
            var content = all.Where(o => o.Type.Namespaced && ObjectMeta.Namespace(o.Object) == name).ToList();
            foreach (var (ct, o) in content.Where(o => ObjectMeta.DeletionTimestamp(o.Object) is null))
            {
                await TryAsync(() => _handlers.DeleteAsync(Scope(ct, o) with { User = UserInfo.NamespaceController }, new DeleteOptions("Background", null, null, false))).ConfigureAwait(false);
            }
            if (content.Count == 0)
            {
                var finalized = owner.DeepClone().AsObject();
                finalized["spec"] = new JsonObject { ["finalizers"] = new JsonArray() };
                _handlers.Store.Replace(type, finalized, ObjectMeta.ResourceVersion(owner));
            }
        }
    }

    private static bool OwnerExists(JsonObject reference, JsonObject dependent, Dictionary<string, (ResourceType Type, JsonObject Object)> byUid)
    {
        if (!byUid.TryGetValue(ObjectMeta.Str(reference["uid"]) ?? "", out var owner))
        {
            return false;
        }
        // A namespaced owner must live in the dependent's namespace; the real GC treats others as absent.
        return !owner.Type.Namespaced || ObjectMeta.Namespace(owner.Object) == ObjectMeta.Namespace(dependent);
    }

    private void RemoveOwnerReferences(ResourceType type, JsonObject obj, HashSet<string?> uids)
    {
        var updated = obj.DeepClone().AsObject();
        var kept = ObjectMeta.OwnerReferences(updated).Where(r => !uids.Contains(ObjectMeta.Str(r["uid"]))).Select(r => (JsonNode?)r.DeepClone()).ToArray();
        if (kept.Length == 0)
        {
            ObjectMeta.Meta(updated).Remove("ownerReferences");
        }
        else
        {
            ObjectMeta.Meta(updated)["ownerReferences"] = new JsonArray(kept);
        }
        _handlers.Store.Replace(type, updated, ObjectMeta.ResourceVersion(obj));
    }

    private void RemoveFinalizer(ResourceType type, JsonObject obj, string finalizer)
    {
        var updated = obj.DeepClone().AsObject();
        ObjectMeta.SetFinalizers(updated, ObjectMeta.Finalizers(obj).Where(f => f != finalizer).ToList());
        _handlers.Store.Replace(type, updated, ObjectMeta.ResourceVersion(obj));
    }

    private static RequestScope Scope(ResourceType type, JsonObject obj) =>
        RequestScope.Internal(type, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj), UserInfo.GarbageCollector);

    private static async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Someone else got there first; the next pass sees the new state.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _handlers.Store.Committed -= OnCommitted;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
