using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MultusConfig.ApiServer;

internal sealed partial class HttpDispatcher
{
    private static (Func<JsonObject, bool> Filter, FieldSelector Fields) Selectors(HttpContext context, RequestScope scope)
    {
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"].FirstOrDefault());
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"].FirstOrDefault(), scope.Type);
        var name = scope.Name;
        // Field paths are those of the requested shape (regarding.name for events.k8s.io Events).
        Func<JsonObject, JsonObject> view = scope.Type.SharedStorage is null ? o => o : o => scope.Present(o.DeepClone().AsObject());
        return (o => labels.Matches(ObjectMeta.Labels(o)) && fields.Matches(view(o)) && (name.Length == 0 || ObjectMeta.Name(o) == name), fields);
    }

    private async Task WriteListAsync(HttpContext context, RequestScope scope)
    {
        var (filter, _) = Selectors(context, scope);
        var query = context.Request.Query;
        // A token carries the first page's resourceVersion and the last key served. Every page reports that
        // resourceVersion, as the real server's pages all belong to the first page's snapshot: a client
        // that watches from it then sees every change made while it was paging (the real server shows later
        // pages as of the snapshot; here they may be newer, and the watch replays those changes again).
        string? after = null;
        long? snapshot = null;
        if (query["continue"].FirstOrDefault() is { Length: > 0 } token)
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw ApiException.BadRequest("continue key is not valid: illegal base64 data");
            }
            var separator = after.IndexOf('\n', StringComparison.Ordinal);
            if (separator > 0 && long.TryParse(after.AsSpan(0, separator), NumberStyles.Integer, CultureInfo.InvariantCulture, out var first))
            {
                snapshot = first;
                after = after[(separator + 1)..];
            }
        }
        _ = int.TryParse(query["limit"].FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit);
        if (query["resourceVersion"].FirstOrDefault() == "0" && after is null)
        {
            // kube-apiserver with its watch cache on (the default) serves resourceVersion=0 from the cache in
            // one response and ignores limit (the cacher delegates to etcd only for "", continue, or a limit
            // with a resourceVersion other than 0): client-go's reflector lists that way first.
            limit = 0;
        }
        var (items, current, remaining) = handlers.Store.ListPage(scope.Type, scope.Namespace, filter, after, Math.Max(0, limit));
        var rv = snapshot ?? current;
        string? next = null;
        if (remaining > 0)
        {
            var last = items[^1];
            var position = rv.ToString(CultureInfo.InvariantCulture) + "\n" + ObjectStore.Key(ObjectMeta.Namespace(last), ObjectMeta.Name(last));
            next = Convert.ToBase64String(Encoding.UTF8.GetBytes(position));
        }
        items = items.Select(scope.Present).ToList();
        var rvText = rv.ToString(CultureInfo.InvariantCulture);
        if (TableConverter.Wanted(context.Request.Headers.Accept.ToString()))
        {
            var table = TableConverter.ToTable(scope.Type, scope.Version, items, rvText, next, query["includeObject"].FirstOrDefault());
            await WriteJsonAsync(context, 200, table).ConfigureAwait(false);
            return;
        }
        var meta = new JsonObject { ["resourceVersion"] = rvText };
        if (next is not null)
        {
            meta["continue"] = next;
            meta["remainingItemCount"] = remaining;
        }
        var list = new JsonObject
        {
            ["kind"] = scope.Type.ListKind,
            ["apiVersion"] = scope.ApiVersion,
            ["metadata"] = meta,
            ["items"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()),
        };
        await WriteJsonAsync(context, 200, list).ConfigureAwait(false);
    }

    private async Task DeleteCollectionAsync(HttpContext context, RequestScope scope)
    {
        var (filter, _) = Selectors(context, scope);
        var text = await ReadTextAsync(context).ConfigureAwait(false);
        var options = DeleteOptions.FromJson(text.Length == 0 ? null : JsonNode.Parse(text), context.Request.Query["propagationPolicy"].FirstOrDefault(), scope.DryRun);
        var (items, rv) = handlers.Store.List(scope.Type, scope.Namespace, filter);
        var deleted = new JsonArray();
        foreach (var item in items)
        {
            try
            {
                var (obj, _) = await handlers.DeleteAsync(scope with { Namespace = ObjectMeta.Namespace(item), Name = ObjectMeta.Name(item), DryRun = options.DryRun }, options with { PreconditionUid = null, PreconditionResourceVersion = null }).ConfigureAwait(false);
                deleted.Add(obj);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted concurrently: the collection delete still succeeds.
            }
        }
        var list = new JsonObject
        {
            ["kind"] = scope.Type.ListKind,
            ["apiVersion"] = scope.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        };
        await WriteJsonAsync(context, 200, list).ConfigureAwait(false);
    }

    /// <summary>
    /// A watch stream: one JSON event per line, flushed as it happens; bookmarks when asked for; an
    /// ERROR event carrying a 410 Status when the requested resourceVersion is compacted; a clean end
    /// at timeoutSeconds.
    /// </summary>
    private async Task WatchAsync(HttpContext context, RequestScope scope)
    {
        var query = context.Request.Query;
        var (filter, _) = Selectors(context, scope);
        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
        var sendInitial = IsTrue(query["sendInitialEvents"]);
        var timeout = int.TryParse(query["timeoutSeconds"].FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) && t > 0
            ? TimeSpan.FromSeconds(t)
            : options.DefaultWatchTimeout;
        var table = TableConverter.Wanted(context.Request.Headers.Accept.ToString());
        var includeObject = query["includeObject"].FirstOrDefault();
        var response = context.Response;
        WatchSubscription sub;
        try
        {
            sub = handlers.Store.Watch(scope.Type, scope.Namespace, filter, query["resourceVersion"].FirstOrDefault(), sendInitial);
        }
        catch (ApiException e) when (e.Code == 410)
        {
            response.StatusCode = 200;
            response.ContentType = "application/json";
            await WriteLineAsync(response, new JsonObject { ["type"] = "ERROR", ["object"] = e.ToStatus() }.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
            return;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        using var bookmarkTimer = bookmarks ? new Timer(_ => handlers.Store.Bookmark(sub), null, options.BookmarkInterval, options.BookmarkInterval) : null;
        var firstTableEvent = true;
        var resetAfter = faults.WatchResetAfter(scope.Type.Plural);
        var written = 0;
        try
        {
            response.StatusCode = 200;
            response.ContentType = "application/json";
            await response.StartAsync(deadline.Token).ConfigureAwait(false);
            await response.Body.FlushAsync(deadline.Token).ConfigureAwait(false);
            await foreach (var item in sub.Items.ReadAllAsync(deadline.Token).ConfigureAwait(false))
            {
                if (item.Type == "CLOSE")
                {
                    if (item.Abort)
                    {
                        context.Abort();
                    }
                    break;
                }
                JsonNode obj;
                if (item.Type == "BOOKMARK")
                {
                    var meta = new JsonObject { ["resourceVersion"] = item.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
                    if (item.InitialEventsEnd)
                    {
                        meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
                    }
                    obj = new JsonObject { ["kind"] = scope.Type.Kind, ["apiVersion"] = scope.ApiVersion, ["metadata"] = meta };
                    if (!bookmarks)
                    {
                        continue;
                    }
                }
                else
                {
                    var o = scope.Present(JsonNode.Parse(item.Json!)!.AsObject());
                    obj = table ? TableConverter.ToTable(scope.Type, scope.Version, [o], ObjectMeta.ResourceVersion(o), null, includeObject, withColumns: firstTableEvent) : o;
                    firstTableEvent = firstTableEvent && !table;
                }
                var line = new JsonObject { ["type"] = item.Type, ["object"] = obj }.ToJsonString();
                if (item.Type != "BOOKMARK" && faults.CorruptWatchEvent(scope.Type.Plural))
                {
                    // Well-formed JSON the client cannot map onto the kind (metadata is not an object).
                    line = new JsonObject { ["type"] = item.Type, ["object"] = new JsonObject { ["kind"] = scope.Type.Kind, ["apiVersion"] = scope.ApiVersion, ["metadata"] = "undecodable" } }.ToJsonString();
                }
                if (item.Type != "BOOKMARK" && faults.CutWatchEventMidway(scope.Type.Plural))
                {
                    // Half an event, flushed, then the connection drops (as in the reset below, after a pause).
                    await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line[..(line.Length / 2)]), deadline.Token).ConfigureAwait(false);
                    await response.Body.FlushAsync(deadline.Token).ConfigureAwait(false);
                    await Task.Delay(options.BookmarkInterval, deadline.Token).ConfigureAwait(false);
                    context.Abort();
                    break;
                }
                await WriteLineAsync(response, line, deadline.Token).ConfigureAwait(false);
                if (item.Type != "BOOKMARK" && ++written == resetAfter)
                {
                    // Quiet for a bookmark interval first: a reset discards frames still queued on the connection,
                    // and the event must have reached the client for the reset to come after it.
                    await Task.Delay(options.BookmarkInterval, deadline.Token).ConfigureAwait(false);
                    context.Abort();
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds reached or the client left: the stream simply ends.
        }
        finally
        {
            handlers.Store.Unwatch(sub);
        }
    }

    private static async Task WriteLineAsync(HttpResponse response, string json, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(json + "\n");
        await response.Body.WriteAsync(bytes, ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
