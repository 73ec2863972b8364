using System.Text.Json;
using System.Text.Json.Nodes;
using MultusConfig.Core.Api;
using MultusConfig.Core.Defaulting;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Schema;
using MultusConfig.Core.Validation;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// The mutating webhook: stores Core's defaults (spec 0.2) by answering with the JSON Patch from the
/// request object to the defaulted object, and refuses an invalid object with every error at once.
/// </summary>
/// <remarks>
/// Why refuse here and not only in the validating webhook: the API server validates the CRD's schema after
/// the mutating webhooks and stops at its first failure, before any validating webhook runs, so an SMC with
/// <c>vlanID: 5000</c> and three other mistakes would get one line from <c>kubectl apply</c>. Mutating
/// webhooks run before the schema check and may deny; the list is the one <c>smc validate</c> prints
/// (<see cref="SmcProcessor.DefaultAndValidate"/>). The validating webhook stays: it sees the final object,
/// after every other mutating webhook, and checks NAD-name conflicts.
/// </remarks>
public sealed class SmcMutatingHandler : IAdmissionHandler
{
    public const string WebhookPath = "/mutate-spiderpool-spidernet-io-v2beta1-spidermultusconfig";

    /// <summary>The API server has already pruned unknown fields; a second opinion here would only disagree with it.</summary>
    internal static readonly SchemaOptions AdmissionSchema = new() { RejectUnknownFields = false, ApplyDefaults = true };

    public string Path => WebhookPath;

    /// <summary>Never asks the API server.</summary>
    public ValueTask<AdmissionResponse> HandleAsync(AdmissionRequest request, CancellationToken ct) => ValueTask.FromResult(Handle(request));

    public AdmissionResponse Handle(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uid = request.Uid ?? "";
        if (request.Operation is not (AdmissionOperations.Create or AdmissionOperations.Update)) return AdmissionResponses.Allowed(uid);
        if (SmcRequestObjects.Problem(request) is { } problem) return AdmissionResponses.BadRequest(uid, problem);
        // A finalizer removed from an invalid SMC, or any update of one being deleted, is never refused here
        // either (the defaults patch below is still computed: it is empty for an invalid object).
        if (SmcRequestObjects.ChangesWhatWeRender(request) && Errors(request) is { Count: > 0 } errors)
            return AdmissionResponses.Invalid(uid, SmcRequestObjects.NameOf(request), errors);
        var ops = PatchFor(request.NewObject!);
        return ops.Count == 0 ? AdmissionResponses.Allowed(uid) : AdmissionResponses.Patched(uid, JsonPatchDiff.Serialize(ops));
    }

    /// <summary>Every schema and validation error of the request's object, as <c>smc validate</c> lists them.</summary>
    private static List<FieldError> Errors(AdmissionRequest request)
    {
        var (smc, errors) = SmcDocument.Parse(request.NewObject!, AdmissionSchema);
        if (smc is null) return errors;
        // The old object's own errors are history; only its annotations matter (cr-name immutability).
        var old = request.Operation == AdmissionOperations.Update ? SmcDocument.Parse(request.OldObject!, AdmissionSchema).Smc : null;
        SmcProcessor.DefaultAndValidate(smc, old, errors);
        return errors;
    }

    /// <summary>The operations that make <paramref name="obj"/> what StoredDefaults would store; empty when nothing changes.</summary>
    public static List<JsonPatchOperation> PatchFor(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (smc, errors) = SmcDocument.Parse(obj, AdmissionSchema);
        // An object the schema refuses is left exactly as sent: the validating webhook reports why, and
        // "fixing" it here could silently drop the very value the user has to correct.
        if (smc is null || errors.Count > 0) return [];
        StoredDefaults.Apply(smc);

        var after = obj.DeepClone().AsObject();
        if (smc.Spec is { } spec && after["spec"] is JsonObject specJson)
        {
            var typed = JsonSerializer.SerializeToNode(spec, AdmissionJsonContext.Default.SpiderMultusConfigSpec) as JsonObject;
            if (typed is not null) MergeInto(specJson, typed);
        }
        if (after["metadata"] is JsonObject metadata) MirrorInjectLabels(metadata, smc.Metadata?.Labels);
        return JsonPatchDiff.Diff(obj, after);
    }

    /// <summary>
    /// Overlays what the typed model says onto what the user sent, never removing a key: StoredDefaults only
    /// adds, so a key the model does not know (a CRD field newer than this build) must survive untouched.
    /// </summary>
    private static void MergeInto(JsonObject target, JsonObject typed)
    {
        foreach (var (key, value) in typed)
        {
            if (value is null) continue;
            if (target[key] is JsonObject existing && value is JsonObject typedChild) MergeInto(existing, typedChild);
            else if (!target.TryGetPropertyValue(key, out var old) || !JsonPatchDiff.JsonEquals(old, value)) target[key] = value.DeepClone();
        }
    }

    /// <summary>Copies only StoredDefaults' decision about the inject labels; other labels are not the webhook's business.</summary>
    private static void MirrorInjectLabels(JsonObject metadata, IDictionary<string, string>? labels)
    {
        foreach (var key in Annotations.InjectKeys)
        {
            string? desired = null;
            if (labels is not null && labels.TryGetValue(key, out var value)) desired = value;
            var existing = metadata["labels"] as JsonObject;
            if (desired is null)
            {
                existing?.Remove(key);
                continue;
            }
            if (existing is null)
            {
                if (metadata["labels"] is not null) continue;
                existing = [];
                metadata["labels"] = existing;
            }
            existing[key] = desired;
        }
    }
}
