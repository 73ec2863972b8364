using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MultusConfig.ApiServer.Patching;

namespace MultusConfig.ApiServer;

internal sealed partial class ResourceHandlers
{
    private const string ConflictMessage = "the object has been modified; please apply your changes to the latest version and try again";

    /// <summary>PUT: the body replaces the object, guarded by its metadata.resourceVersion.</summary>
    public Task<JsonObject> UpdateAsync(RequestScope scope, JsonNode? body)
    {
        if (body is not JsonObject newObj)
        {
            throw ApiException.BadRequest("the body of the request was not a JSON object");
        }
        CheckTypeMeta(scope, newObj);
        var bodyName = ObjectMeta.Name(newObj);
        if (bodyName.Length > 0 && bodyName != scope.Name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({scope.Name})");
        }
        var bodyRv = ObjectMeta.ResourceVersion(newObj);
        if (bodyRv.Length == 0 && !scope.Type.AllowUnconditionalUpdate)
        {
            throw ApiException.Invalid(scope.Type, scope.Name, [FieldError.Invalid("metadata.resourceVersion", "0x0", "must be specified for an update")]);
        }
        var bodyUid = ObjectMeta.Uid(newObj);
        return CommitAsync(scope, current =>
        {
            if (bodyUid.Length > 0 && bodyUid != ObjectMeta.Uid(current))
            {
                // An update written against an earlier incarnation of the name.
                throw ApiException.Conflict(scope.Type, scope.Name, $"Precondition failed: UID in precondition: {bodyUid}, UID in object meta: {ObjectMeta.Uid(current)}");
            }
            if (bodyRv.Length > 0 && bodyRv != ObjectMeta.ResourceVersion(current))
            {
                throw ApiException.Conflict(scope.Type, scope.Name, ConflictMessage);
            }
            return newObj.DeepClone().AsObject();
        });
    }

    /// <summary>PATCH: applied to the latest object, retried internally when a concurrent write wins (as the real server does).</summary>
    public Task<JsonObject> PatchAsync(RequestScope scope, string contentType, string body)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        Func<JsonObject, JsonNode?, JsonNode?> apply = mediaType switch
        {
            "application/merge-patch+json" => (cur, p) => MergePatch.Apply(cur, p),
            "application/json-patch+json" => (cur, p) => JsonPatch.Apply(cur, p as JsonArray ?? throw ApiException.BadRequest("json patch must be an array")),
            "application/strategic-merge-patch+json" when !scope.Type.IsCustom => (cur, p) => StrategicMergePatch.Apply(cur, p),
            _ => throw ApiException.UnsupportedMediaType(
                scope.Type.IsCustom
                    ? "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json"
                    : "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json"),
        };
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(body.Length == 0 ? "null" : body);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"error decoding patch: {e.Message}");
        }
        return CommitAsync(scope, current =>
        {
            JsonNode? patched;
            try
            {
                patched = apply(current.DeepClone().AsObject(), patch);
            }
            catch (PatchException e)
            {
                throw new ApiException(422, "Invalid", e.Message);
            }
            if (patched is not JsonObject result)
            {
                throw ApiException.BadRequest("the patch did not produce an object");
            }
            var patchedRv = ObjectMeta.ResourceVersion(result);
            if (patchedRv.Length > 0 && patchedRv != ObjectMeta.ResourceVersion(current))
            {
                // A resourceVersion inside the patch is a precondition, like an update's.
                throw ApiException.Conflict(scope.Type, scope.Name, ConflictMessage);
            }
            if (ObjectMeta.Name(result) != scope.Name)
            {
                throw ApiException.BadRequest($"the name of the object ({ObjectMeta.Name(result)}) does not match the name on the URL ({scope.Name})");
            }
            ObjectMeta.Meta(result)["resourceVersion"] = ObjectMeta.ResourceVersion(current);
            return result;
        });
    }

    /// <summary>
    /// The shared update path: compute the new object from the latest stored one, keep what a client may
    /// not change, run admission and validation, and commit if nothing else committed meanwhile.
    /// </summary>
    private async Task<JsonObject> CommitAsync(RequestScope scope, Func<JsonObject, JsonObject> compute)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = store.Get(scope.Type, scope.Namespace, scope.Name) ?? throw ApiException.NotFound(scope.Type, scope.Name);
            // The client's change applies to the object as it sees it (its version, its shape).
            var obj = scope.ToStorage(compute(scope.Present(current.DeepClone().AsObject())));
            if (scope.Subresource == "status")
            {
                if (!scope.Type.HasStatus)
                {
                    throw ApiException.NotFound(scope.Type, scope.Name);
                }
                var status = obj["status"]?.DeepClone();
                var rv = ObjectMeta.ResourceVersion(obj);
                obj = current.DeepClone().AsObject();
                if (status is null)
                {
                    obj.Remove("status");
                }
                else
                {
                    obj["status"] = status;
                }
                ObjectMeta.Meta(obj)["resourceVersion"] = rv.Length > 0 ? rv : ObjectMeta.ResourceVersion(current);
            }
            else if (scope.Subresource.Length > 0)
            {
                throw ApiException.NotFound(scope.Type, scope.Name);
            }
            else if (scope.Type.HasStatus)
            {
                // Through the main resource, status is not writable when the status subresource is on.
                if (current["status"] is { } oldStatus)
                {
                    obj["status"] = oldStatus.DeepClone();
                }
                else
                {
                    obj.Remove("status");
                }
            }
            KeepImmutableMetadata(scope, obj, current);
            var pruned = PruneAndDefault(scope.Type, obj);
            if (attempt == 0)
            {
                ReportUnknownFields(scope, pruned);
            }
            obj = await admission.MutateAsync("UPDATE", scope, obj, current, o => PruneAndDefault(scope.Type, o)).ConfigureAwait(false);
            KeepImmutableMetadata(scope, obj, current);
            if (scope.Type.TracksGeneration && SpecChanged(scope.Type, obj, current))
            {
                ObjectMeta.Meta(obj)["generation"] = ObjectMeta.Generation(current) + 1;
            }
            if (scope.Type == BuiltInResources.Crds)
            {
                CrdController.SetStatus(obj);
            }
            FoldSecretStringData(scope.Type, obj);
            Validate(scope, obj, current);
            await admission.ValidateAsync("UPDATE", scope, obj, current).ConfigureAwait(false);
            if (scope.DryRun)
            {
                return scope.Present(obj);
            }
            var result = store.Replace(scope.Type, obj, ObjectMeta.ResourceVersion(current));
            if (result is null)
            {
                if (attempt > 20)
                {
                    throw ApiException.Conflict(scope.Type, scope.Name, ConflictMessage);
                }
                continue;
            }
            crds.AfterCommit(scope.Type, result.Object, result.Deleted);
            return scope.Present(result.Object);
        }
    }

    private static void KeepImmutableMetadata(RequestScope scope, JsonObject obj, JsonObject current)
    {
        var meta = ObjectMeta.Meta(obj);
        var old = ObjectMeta.Meta(current);
        foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "managedFields" })
        {
            if (old[field] is { } v)
            {
                meta[field] = v.DeepClone();
            }
            else
            {
                meta.Remove(field);
            }
        }
        if (!scope.Type.Namespaced)
        {
            meta.Remove("namespace");
        }
        if (scope.Type == BuiltInResources.Namespaces)
        {
            // spec.finalizers is only changed through /finalize; status.phase only by the server.
            obj["spec"] = current["spec"]?.DeepClone();
            obj["status"] = current["status"]?.DeepClone();
        }
    }

    /// <summary>Generation moves when anything but metadata (and status, when it is a subresource) changes.</summary>
    private static bool SpecChanged(ResourceType type, JsonObject obj, JsonObject current)
    {
        static JsonObject Strip(JsonObject o, bool dropStatus)
        {
            var copy = o.DeepClone().AsObject();
            copy.Remove("metadata");
            copy.Remove("apiVersion");
            copy.Remove("kind");
            if (dropStatus)
            {
                copy.Remove("status");
            }
            return copy;
        }
        return !JsonNode.DeepEquals(Strip(obj, type.HasStatus), Strip(current, type.HasStatus));
    }

    internal static string ReadBody(Stream body)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
