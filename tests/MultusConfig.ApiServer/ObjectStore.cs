using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>
/// The etcd of the double: objects per resource, one global resourceVersion counter, a bounded
/// history of changes for watches, and the set of open watches. One lock makes every commit and
/// its fan-out to watches atomic, so a watch never misses or reorders an event.
/// Stored objects are never mutated in place; readers get clones.
/// </summary>
internal sealed class ObjectStore(int historyCapacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly LinkedList<StoredEvent> _history = new();
    private readonly List<WatchSubscription> _watches = [];
    private long _resourceVersion = 1;
    private long _compactedThrough;

    /// <summary>Raised under the store lock after every commit (the garbage collector listens).</summary>
    public event Action<StoredEvent>? Committed;

    public int HistoryCapacity { get; set; } = historyCapacity;

    public long CurrentResourceVersion
    {
        get { lock (_gate) { return _resourceVersion; } }
    }

    public int OpenWatchCount
    {
        get { lock (_gate) { return _watches.Count; } }
    }

    public static string Key(string ns, string name) => ns.Length == 0 ? name : ns + "/" + name;

    public JsonObject? Get(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return Bucket(type).TryGetValue(Key(ns, name), out var o) ? o.DeepClone().AsObject() : null;
        }
    }

    /// <summary>Objects in key order (as etcd lists them), with the list's resourceVersion.</summary>
    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns, Func<JsonObject, bool>? filter = null)
    {
        lock (_gate)
        {
            var items = new List<JsonObject>();
            foreach (var o in Bucket(type).Values)
            {
                if (ns is not null && ns.Length > 0 && ObjectMeta.Namespace(o) != ns)
                {
                    continue;
                }
                if (filter is null || filter(o))
                {
                    items.Add(o.DeepClone().AsObject());
                }
            }
            return (items, _resourceVersion);
        }
    }

    /// <summary>
    /// One page of a list: matching objects with keys after <paramref name="after"/>, at most
    /// <paramref name="limit"/> of them (all when 0), and how many matching ones follow. Only the
    /// page is cloned, so paging through N objects costs O(N) copies, not O(N²/limit).
    /// </summary>
    public (List<JsonObject> Items, long ResourceVersion, long Remaining) ListPage(ResourceType type, string? ns, Func<JsonObject, bool>? filter, string? after, int limit)
    {
        lock (_gate)
        {
            var items = new List<JsonObject>();
            long remaining = 0;
            foreach (var (key, o) in Bucket(type))
            {
                if ((ns is not null && ns.Length > 0 && ObjectMeta.Namespace(o) != ns)
                    || (after is not null && string.CompareOrdinal(key, after) <= 0)
                    || (filter is not null && !filter(o)))
                {
                    continue;
                }
                if (limit <= 0 || items.Count < limit)
                {
                    items.Add(o.DeepClone().AsObject());
                }
                else
                {
                    remaining++;
                }
            }
            return (items, _resourceVersion, remaining);
        }
    }

    /// <summary>Every stored object of every resource, for the garbage collector's scan.</summary>
    public List<(ResourceType Type, JsonObject Object)> Snapshot(Func<ResourceType?, bool> typeFilter, Func<string, ResourceType?> resolve)
    {
        lock (_gate)
        {
            var all = new List<(ResourceType, JsonObject)>();
            foreach (var (key, bucket) in _objects)
            {
                var type = resolve(key);
                if (type is null || !typeFilter(type))
                {
                    continue;
                }
                all.AddRange(bucket.Values.Select(o => (type, o.DeepClone().AsObject())));
            }
            return all;
        }
    }

    public JsonObject Create(ResourceType type, JsonObject obj)
    {
        lock (_gate)
        {
            var ns = ObjectMeta.Namespace(obj);
            var name = ObjectMeta.Name(obj);
            var bucket = Bucket(type);
            var key = Key(ns, name);
            if (bucket.ContainsKey(key))
            {
                throw ApiException.AlreadyExists(type, name);
            }
            var rv = ++_resourceVersion;
            ObjectMeta.Meta(obj)["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            bucket[key] = obj;
            Emit(new StoredEvent(rv, "ADDED", type, ns, obj, null));
            return obj.DeepClone().AsObject();
        }
    }

    /// <summary>
    /// Replaces an object if it still has <paramref name="expectedResourceVersion"/>. Returns null when
    /// it changed meanwhile (the caller retries or answers 409). An object whose deletionTimestamp is set
    /// and whose last finalizer is gone is removed instead, as the real registry does.
    /// </summary>
    public CommitResult? Replace(ResourceType type, JsonObject updated, string expectedResourceVersion)
    {
        lock (_gate)
        {
            var ns = ObjectMeta.Namespace(updated);
            var name = ObjectMeta.Name(updated);
            var bucket = Bucket(type);
            var key = Key(ns, name);
            if (!bucket.TryGetValue(key, out var current))
            {
                throw ApiException.NotFound(type, name);
            }
            if (ObjectMeta.ResourceVersion(current) != expectedResourceVersion)
            {
                return null;
            }
            ObjectMeta.Meta(updated)["resourceVersion"] = ObjectMeta.ResourceVersion(current);
            if (JsonNode.DeepEquals(current, updated))
            {
                // The real storage skips a write that changes nothing: same resourceVersion, no event.
                return new CommitResult(current.DeepClone().AsObject(), Deleted: false);
            }
            var rv = ++_resourceVersion;
            ObjectMeta.Meta(updated)["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (ObjectMeta.DeletionTimestamp(updated) is not null && !ObjectMeta.HasFinalizers(updated))
            {
                bucket.Remove(key);
                Emit(new StoredEvent(rv, "DELETED", type, ns, updated, current));
                return new CommitResult(updated.DeepClone().AsObject(), Deleted: true);
            }
            bucket[key] = updated;
            Emit(new StoredEvent(rv, "MODIFIED", type, ns, updated, current));
            return new CommitResult(updated.DeepClone().AsObject(), Deleted: false);
        }
    }

    /// <summary>Removes an object; null when it is gone or no longer has <paramref name="expectedResourceVersion"/>.</summary>
    public JsonObject? Remove(ResourceType type, string ns, string name, string? expectedResourceVersion)
    {
        lock (_gate)
        {
            var bucket = Bucket(type);
            var key = Key(ns, name);
            if (!bucket.TryGetValue(key, out var current))
            {
                return null;
            }
            if (expectedResourceVersion is not null && ObjectMeta.ResourceVersion(current) != expectedResourceVersion)
            {
                return null;
            }
            bucket.Remove(key);
            var rv = ++_resourceVersion;
            var deleted = current.DeepClone().AsObject();
            ObjectMeta.Meta(deleted)["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Emit(new StoredEvent(rv, "DELETED", type, ns, deleted, current));
            return deleted.DeepClone().AsObject();
        }
    }

    /// <summary>Drops every object of a resource (its CRD was deleted) without emitting per-object events.</summary>
    public void DropResource(ResourceType type)
    {
        lock (_gate)
        {
            _objects.Remove(type.StoreKey);
            foreach (var w in _watches.Where(w => w.Type.StoreKey == type.StoreKey).ToList())
            {
                w.Close();
            }
        }
    }

    /// <summary>
    /// Registers a watch. From a resourceVersion: replays the kept history after it, or throws 410 if
    /// that part of history is compacted. Without one ("" or "0"): synthetic ADDED events for the
    /// current state, as the real server does.
    /// </summary>
    public WatchSubscription Watch(ResourceType type, string? ns, Func<JsonObject, bool> matches, string? resourceVersion, bool sendInitialEvents)
    {
        lock (_gate)
        {
            var sub = new WatchSubscription(type, ns, matches);
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0" || sendInitialEvents)
            {
                foreach (var o in Bucket(type).Values)
                {
                    if ((ns is null || ns.Length == 0 || ObjectMeta.Namespace(o) == ns) && matches(o))
                    {
                        sub.Offer(new StoredEvent(_resourceVersion, "ADDED", type, ObjectMeta.Namespace(o), o, null));
                    }
                }
                if (sendInitialEvents)
                {
                    sub.OfferBookmark(_resourceVersion, initialEventsEnd: true);
                }
            }
            else
            {
                if (!long.TryParse(resourceVersion, out var from))
                {
                    throw ApiException.BadRequest($"invalid resource version: {resourceVersion}");
                }
                if (from < _compactedThrough)
                {
                    var oldest = _history.First?.Value.ResourceVersion ?? _resourceVersion;
                    throw ApiException.Gone($"too old resource version: {from} ({oldest})");
                }
                foreach (var e in _history)
                {
                    if (e.ResourceVersion > from && e.Resource.StoreKey == type.StoreKey)
                    {
                        sub.Offer(e);
                    }
                }
            }
            _watches.Add(sub);
            return sub;
        }
    }

    public void Unwatch(WatchSubscription sub)
    {
        lock (_gate)
        {
            _watches.Remove(sub);
        }
    }

    /// <summary>Queues a bookmark at the current resourceVersion behind every event already queued.</summary>
    public void Bookmark(WatchSubscription sub)
    {
        lock (_gate)
        {
            sub.OfferBookmark(_resourceVersion, initialEventsEnd: false);
        }
    }

    /// <summary>Forgets all history: a watch from any resourceVersion older than now gets 410.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedThrough = _resourceVersion;
        }
    }

    /// <summary>Ends every open watch stream; <paramref name="abort"/> drops the connection instead of closing cleanly.</summary>
    public int CloseWatches(bool abort)
    {
        lock (_gate)
        {
            var all = _watches.ToList();
            foreach (var w in all)
            {
                w.Close(abort);
            }
            return all.Count;
        }
    }

    private SortedDictionary<string, JsonObject> Bucket(ResourceType type)
    {
        if (!_objects.TryGetValue(type.StoreKey, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[type.StoreKey] = bucket;
        }
        return bucket;
    }

    private void Emit(StoredEvent e)
    {
        _history.AddLast(e);
        while (_history.Count > Math.Max(1, HistoryCapacity))
        {
            _compactedThrough = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }
        foreach (var w in _watches)
        {
            if (w.Type.StoreKey == e.Resource.StoreKey)
            {
                w.Offer(e);
            }
        }
        Committed?.Invoke(e);
    }
}

internal sealed record CommitResult(JsonObject Object, bool Deleted);
