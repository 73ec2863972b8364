using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MultusConfig.ApiServer.Admission;

namespace MultusConfig.ApiServer;

/// <summary>
/// The registry logic of the real server for create, update, patch and delete, in the same order:
/// decode → prune/default → mutating admission → prepare (metadata) → validate → validating
/// admission → store. Shared by HTTP requests and by the double's own controllers (GC, namespaces).
/// </summary>
internal sealed partial class ResourceHandlers(ObjectStore store, ResourceRegistry registry, AdmissionController admission, CrdController crds)
{
    public ObjectStore Store => store;

    public ResourceRegistry Registry => registry;

    public async Task<JsonObject> CreateAsync(RequestScope scope, JsonNode? body)
    {
        if (body is not JsonObject obj)
        {
            throw ApiException.BadRequest("the body of the request was not a JSON object");
        }
        if (scope.Subresource.Length > 0)
        {
            throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
        CheckTypeMeta(scope, obj);
        obj = scope.ToStorage(obj);
        var meta = ObjectMeta.Meta(obj);
        if (scope.Type.Namespaced)
        {
            var ns = ObjectMeta.Namespace(obj);
            if (ns.Length > 0 && ns != scope.Namespace)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta["namespace"] = scope.Namespace;
            RequireLiveNamespace(scope);
        }
        else
        {
            meta.Remove("namespace");
        }
        if (ObjectMeta.ResourceVersion(obj).Length > 0)
        {
            throw new ApiException(500, "InternalError", "resourceVersion should not be set on objects to be created");
        }
        ReportUnknownFields(scope, PruneAndDefault(scope.Type, obj));
        obj = await admission.MutateAsync("CREATE", scope, obj, null, o => PruneAndDefault(scope.Type, o)).ConfigureAwait(false);
        meta = ObjectMeta.Meta(obj);
        if (ObjectMeta.Name(obj).Length == 0 && ObjectMeta.Str(meta["generateName"]) is { Length: > 0 } prefix)
        {
            meta["name"] = prefix + RandomSuffix();
        }
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = ObjectMeta.Now();
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta.Remove("managedFields");
        if (scope.Type.TracksGeneration)
        {
            meta["generation"] = 1;
        }
        else
        {
            meta.Remove("generation");
        }
        if (scope.Type.HasStatus && scope.Type.IsCustom)
        {
            obj.Remove("status"); // create cannot set status when the status subresource is on
        }
        PrepareBuiltInCreate(scope.Type, obj);
        Validate(scope, obj, null);
        await admission.ValidateAsync("CREATE", scope, obj, null).ConfigureAwait(false);
        if (scope.DryRun)
        {
            meta.Remove("resourceVersion");
            return scope.Present(obj);
        }
        var created = store.Create(scope.Type, obj);
        crds.AfterCommit(scope.Type, created, deleted: false);
        return scope.Present(created);
    }

    public JsonObject Get(RequestScope scope)
    {
        var obj = store.Get(scope.Type, scope.Namespace, scope.Name) ?? throw ApiException.NotFound(scope.Type, scope.Name);
        return scope.Present(obj);
    }

    private static void CheckTypeMeta(RequestScope scope, JsonObject obj)
    {
        var apiVersion = ObjectMeta.Str(obj["apiVersion"]);
        if (apiVersion is { Length: > 0 } && apiVersion != scope.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({scope.ApiVersion})");
        }
        var kind = ObjectMeta.Str(obj["kind"]);
        if (kind is { Length: > 0 } && kind != scope.Type.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({scope.Type.Kind})");
        }
        obj["apiVersion"] = scope.ApiVersion;
        obj["kind"] = scope.Type.Kind;
    }

    private void RequireLiveNamespace(RequestScope scope)
    {
        var ns = store.Get(BuiltInResources.Namespaces, "", scope.Namespace) ?? throw ApiException.NotFound(BuiltInResources.Namespaces, scope.Namespace);
        if (ObjectMeta.DeletionTimestamp(ns) is not null)
        {
            throw new ApiException(403, "Forbidden",
                $"{scope.Type.QualifiedResource} \"{ObjectMeta.Name(ns)}\" is forbidden: unable to create new content in namespace {scope.Namespace} because it is being terminated",
                scope.Type.Details(scope.Name));
        }
    }

    private static void PrepareBuiltInCreate(ResourceType type, JsonObject obj)
    {
        if (type == BuiltInResources.Namespaces)
        {
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
            var labels = obj["metadata"]!["labels"] as JsonObject ?? [];
            labels["kubernetes.io/metadata.name"] = ObjectMeta.Name(obj);
            obj["metadata"]!["labels"] = labels;
        }
        else if (type == BuiltInResources.Crds)
        {
            CrdController.SetStatus(obj);
        }
        if (type == BuiltInResources.Secrets && ObjectMeta.Str(obj["type"]) is null or "")
        {
            obj["type"] = "Opaque"; // the real server's defaulting
        }
        FoldSecretStringData(type, obj);
    }

    /// <summary>A Secret's write-only stringData is merged into data, base64-encoded, as the real server does.</summary>
    private static void FoldSecretStringData(ResourceType type, JsonObject obj)
    {
        if (type != BuiltInResources.Secrets || obj["stringData"] is not JsonObject stringData)
        {
            return;
        }
        var data = obj["data"] as JsonObject ?? [];
        foreach (var (k, v) in stringData)
        {
            data[k] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ObjectMeta.Str(v) ?? ""));
        }
        obj["data"] = data;
        obj.Remove("stringData");
    }

    private static List<string> PruneAndDefault(ResourceType type, JsonObject obj) =>
        type.IsCustom && type.Schemas.TryGetValue(type.StorageVersion, out var schema) ? StructuralSchema.PruneAndDefault(obj, schema) : [];

    /// <summary>What the real decoder does with fields the schema does not know, per fieldValidation.</summary>
    private static void ReportUnknownFields(RequestScope scope, List<string> pruned)
    {
        if (pruned.Count == 0 || scope.FieldValidation == "Ignore")
        {
            return;
        }
        var fields = pruned.Select(p => $"unknown field \"{p}\"").ToList();
        if (scope.FieldValidation == "Strict")
        {
            throw ApiException.BadRequest($"{scope.Type.Kind} in version \"{scope.Version}\" cannot be handled as a {scope.Type.Kind}: strict decoding error: {string.Join(", ", fields)}");
        }
        RequestWarnings.Current.AddRange(fields);
    }

    private static void Validate(RequestScope scope, JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        ValidateObjectMeta(scope.Type, obj, old, errors);
        if (scope.Type.IsCustom && scope.Type.Schemas.TryGetValue(scope.Type.StorageVersion, out var schema))
        {
            errors.AddRange(StructuralSchema.Validate(obj, schema));
        }
        if (scope.Type == BuiltInResources.Crds)
        {
            errors.AddRange(CrdController.ValidateCrd(obj));
        }
        if (scope.Type == BuiltInResources.MutatingWebhooks || scope.Type == BuiltInResources.ValidatingWebhooks)
        {
            errors.AddRange(AdmissionController.ValidateConfiguration(obj));
        }
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(scope.Type, ObjectMeta.Name(obj), errors);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    private static void ValidateObjectMeta(ResourceType type, JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        var name = ObjectMeta.Name(obj);
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else if (type == BuiltInResources.Namespaces)
        {
            if (name.Length > 63 || !DnsLabel().IsMatch(name))
            {
                errors.Add(FieldError.Invalid("metadata.name", $"\"{name}\"", "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
            }
        }
        else if (name.Length > 253 || !DnsSubdomain().IsMatch(name))
        {
            errors.Add(FieldError.Invalid("metadata.name", $"\"{name}\"", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        }
        var refs = ObjectMeta.OwnerReferences(obj);
        for (var i = 0; i < refs.Count; i++)
        {
            foreach (var f in new[] { "apiVersion", "kind", "name", "uid" })
            {
                if (ObjectMeta.Str(refs[i][f]) is not { Length: > 0 })
                {
                    errors.Add(FieldError.Required($"metadata.ownerReferences[{i}].{f}"));
                }
            }
        }
        if (refs.Count(r => r["controller"]?.GetValueKind() == System.Text.Json.JsonValueKind.True) > 1)
        {
            errors.Add(FieldError.Invalid("metadata.ownerReferences", "[...]", "Only one reference can have Controller set to true"));
        }
        if (old is not null && ObjectMeta.DeletionTimestamp(old) is not null)
        {
            var before = ObjectMeta.Finalizers(old).ToHashSet(StringComparer.Ordinal);
            var added = ObjectMeta.Finalizers(obj).Where(f => !before.Contains(f)).ToList();
            if (added.Count > 0)
            {
                errors.Add(FieldError.Forbidden("metadata.finalizers", $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{\"{string.Join("\", \"", added)}\"}}"));
            }
        }
    }

    private static string RandomSuffix()
    {
        // The alphabet of apimachinery's utilrand.String: no vowels, no ambiguous characters.
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
