using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>DeleteOptions fields the double honours.</summary>
internal sealed record DeleteOptions(string? PropagationPolicy, string? PreconditionUid, string? PreconditionResourceVersion, bool DryRun)
{
    public static DeleteOptions FromJson(JsonNode? body, string? queryPolicy, bool dryRun)
    {
        var policy = ObjectMeta.Str(body?["propagationPolicy"]) ?? queryPolicy;
        if (policy is null && body?["orphanDependents"] is JsonValue orphan && orphan.GetValueKind() == System.Text.Json.JsonValueKind.True)
        {
            policy = "Orphan";
        }
        var dry = dryRun || (body?["dryRun"] is JsonArray a && a.Any(n => ObjectMeta.Str(n) == "All"));
        return new DeleteOptions(policy, ObjectMeta.Str(body?["preconditions"]?["uid"]), ObjectMeta.Str(body?["preconditions"]?["resourceVersion"]), dry);
    }
}

internal sealed partial class ResourceHandlers
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>
    /// DELETE: immediate when nothing holds the object; otherwise deletionTimestamp is set and the
    /// object waits for its finalizers (including the GC's orphan/foregroundDeletion ones).
    /// Returns the object still being deleted, or null when it is gone.
    /// </summary>
    public async Task<(JsonObject Object, bool Gone)> DeleteAsync(RequestScope scope, DeleteOptions options)
    {
        if (options.PropagationPolicy is not (null or "Background" or "Foreground" or "Orphan"))
        {
            throw ApiException.Invalid(scope.Type, scope.Name, [FieldError.NotSupported("propagationPolicy", $"\"{options.PropagationPolicy}\"", ["\"Foreground\"", "\"Background\"", "\"Orphan\"", "nil"])]);
        }
        for (var attempt = 0; ; attempt++)
        {
            var current = store.Get(scope.Type, scope.Namespace, scope.Name) ?? throw ApiException.NotFound(scope.Type, scope.Name);
            if (options.PreconditionUid is { } uid && uid != ObjectMeta.Uid(current))
            {
                throw ApiException.Conflict(scope.Type, scope.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMeta.Uid(current)}");
            }
            if (options.PreconditionResourceVersion is { } rv && rv != ObjectMeta.ResourceVersion(current))
            {
                throw ApiException.Conflict(scope.Type, scope.Name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {ObjectMeta.ResourceVersion(current)}");
            }
            await admission.MutateAsync("DELETE", scope, null, current, null).ConfigureAwait(false);
            await admission.ValidateAsync("DELETE", scope, null, current).ConfigureAwait(false);
            var finalizers = ObjectMeta.Finalizers(current);
            var wanted = new List<string>(finalizers);
            if (options.PropagationPolicy == "Orphan" && !wanted.Contains(OrphanFinalizer))
            {
                wanted.Add(OrphanFinalizer);
            }
            if (options.PropagationPolicy == "Foreground" && !wanted.Contains(ForegroundFinalizer))
            {
                wanted.Add(ForegroundFinalizer);
            }
            if (scope.Type == BuiltInResources.Namespaces)
            {
                // The namespace controller empties it, then drops spec.finalizers and deletes it.
                wanted.Add("kubernetes");
            }
            if (wanted.Count == 0)
            {
                if (options.DryRun)
                {
                    return (scope.Present(current), true);
                }
                var removed = store.Remove(scope.Type, scope.Namespace, scope.Name, ObjectMeta.ResourceVersion(current));
                if (removed is null)
                {
                    continue;
                }
                crds.AfterCommit(scope.Type, removed, deleted: true);
                return (scope.Present(removed), true);
            }
            if (ObjectMeta.DeletionTimestamp(current) is not null && wanted.Count == finalizers.Count)
            {
                return (scope.Present(current), false);
            }
            var updated = current.DeepClone().AsObject();
            var meta = ObjectMeta.Meta(updated);
            if (ObjectMeta.DeletionTimestamp(current) is null)
            {
                meta["deletionTimestamp"] = ObjectMeta.Now();
                meta["deletionGracePeriodSeconds"] = 0;
                if (scope.Type.TracksGeneration)
                {
                    meta["generation"] = ObjectMeta.Generation(current) + 1;
                }
            }
            if (scope.Type == BuiltInResources.Namespaces)
            {
                wanted.Remove("kubernetes");
                updated["status"] = new JsonObject { ["phase"] = "Terminating" };
            }
            ObjectMeta.SetFinalizers(updated, wanted);
            if (options.DryRun)
            {
                return (scope.Present(updated), false);
            }
            var result = store.Replace(scope.Type, updated, ObjectMeta.ResourceVersion(current));
            if (result is null)
            {
                if (attempt > 20)
                {
                    throw ApiException.Conflict(scope.Type, scope.Name, ConflictMessage);
                }
                continue;
            }
            crds.AfterCommit(scope.Type, result.Object, result.Deleted);
            return (scope.Present(result.Object), result.Deleted);
        }
    }

    /// <summary>Removes the object once its last finalizer is gone (used by the double's controllers).</summary>
    public bool RemoveIfUnfinalized(ResourceType type, JsonObject current)
    {
        if (ObjectMeta.HasFinalizers(current) || ObjectMeta.DeletionTimestamp(current) is null)
        {
            return false;
        }
        var removed = store.Remove(type, ObjectMeta.Namespace(current), ObjectMeta.Name(current), ObjectMeta.ResourceVersion(current));
        if (removed is not null)
        {
            crds.AfterCommit(type, removed, deleted: true);
        }
        return removed is not null;
    }
}
