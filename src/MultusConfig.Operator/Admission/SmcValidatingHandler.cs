using System.Text.Json;
using System.Text.Json.Nodes;
using MultusConfig.Core.Api;
using MultusConfig.Core.Pipeline;
using MultusConfig.Core.Rendering;
using MultusConfig.Core.Validation;
using MultusConfig.Operator.Controller;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// The validating webhook: every schema and Core validation error at once (spec 0.3), cr-name
/// immutability on UPDATE, and the NAD-name conflict against the controller's cache. DELETE is allowed,
/// and so is an UPDATE that changes neither spec nor annotations or whose object is being deleted.
/// </summary>
/// <param name="owners">
/// Resolved per request because the controller's cache may be registered after the webhooks, or not at all
/// in a process that only serves admission; null or not ready skips the conflict check.
/// </param>
/// <param name="adoption">Checks that the user may take over an existing NAD no SMC controls; null skips the check.</param>
public sealed class SmcValidatingHandler(Func<INadOwnerLookup?>? owners = null, Func<AdoptionAuthorizer?>? adoption = null) : IAdmissionHandler
{
    public const string WebhookPath = "/validate-spiderpool-spidernet-io-v2beta1-spidermultusconfig";

    public string Path => WebhookPath;

    /// <summary>The warnings an admitted SMC gets; the operator's render profile decides which values are rewritten.</summary>
    public RenderNoteWarnings Warnings { get; init; } = new(RenderProfile.Documented);

    /// <summary>--allowed-cni-types: plugin types the SMC's NAD may name; checked only on an otherwise valid object.</summary>
    public CniTypeAllowList AllowedTypes { get; init; } = CniTypeAllowList.None;

    public async ValueTask<AdmissionResponse> HandleAsync(AdmissionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uid = request.Uid ?? "";
        if (request.Operation is not (AdmissionOperations.Create or AdmissionOperations.Update)) return AdmissionResponses.Allowed(uid);
        if (SmcRequestObjects.Problem(request) is { } problem) return AdmissionResponses.BadRequest(uid, problem);
        if (!SmcRequestObjects.ChangesWhatWeRender(request)) return AdmissionResponses.Allowed(uid);

        var (smc, errors) = SmcDocument.Parse(request.NewObject!, SmcMutatingHandler.AdmissionSchema);
        var name = SmcRequestObjects.NameOf(request);
        if (smc is null) return AdmissionResponses.Invalid(uid, name, errors);

        SpiderMultusConfig? old = null;
        if (request.Operation == AdmissionOperations.Update)
        {
            // The old object's own errors are history; only its annotations matter (cr-name immutability).
            old = SmcDocument.Parse(request.OldObject!, SmcMutatingHandler.AdmissionSchema).Smc;
        }
        errors.AddRange(SmcValidator.Validate(smc, old));
        if (errors.Count == 0) errors.AddRange(AllowedTypes.Check(smc));

        // request.namespace is the one the API server took from the URL and authorized; the object's own is
        // checked against it above and never chosen over it.
        var namespaceName = request.Namespace ?? "";
        if (await ConflictErrorAsync(smc, namespaceName, ct).ConfigureAwait(false) is { } conflict) InsertConflict(errors, conflict);
        // Only an otherwise valid object costs a SubjectAccessReview.
        else if (errors.Count == 0 && adoption?.Invoke() is { } authorizer
            && await authorizer.CheckAsync(request, smc, namespaceName, ConflictPath(smc), ct).ConfigureAwait(false) is { } refused) errors.Add(refused);

        return errors.Count == 0 ? AdmissionResponses.Allowed(uid) with { Warnings = Warnings.For(smc) } : AdmissionResponses.Invalid(uid, name, errors);
    }

    private async ValueTask<FieldError?> ConflictErrorAsync(SpiderMultusConfig smc, string namespaceName, CancellationToken ct)
    {
        var lookup = owners?.Invoke();
        if (lookup is null || !lookup.IsReady) return null;
        var nadName = NadRenderer.TargetName(smc);
        var smcName = smc.Metadata?.Name;
        if (nadName.Length == 0 || string.IsNullOrEmpty(smcName)) return null;

        // The reconciler's rule: refused here is exactly what it would report as NameConflict.
        var nad = lookup.NadMetadata(namespaceName, nadName);
        // The live question (does the SMC this NAD names still exist?) is asked only when the answer depends on it.
        var alive = NadOwnership.LivenessQuestion(nad, smcName, smc.Metadata?.Uid) is not { } question
            || await lookup.SmcExistsAsync(namespaceName, question, ct).ConfigureAwait(false);
        if (NadOwnership.Classify(nad, smcName, smc.Metadata?.Uid, _ => alive) != NadClaim.Taken) return null;
        var controller = NadOwnership.Controller(nad)!;
        var hasCrName = smc.Metadata?.Annotations?.ContainsKey(Annotations.CrName) == true;
        var path = hasCrName ? CrNamePath : "metadata.name";
        var by = NadOwnership.IsSmc(controller) ? "managed by" : "controlled by";
        return new FieldError(path, FieldErrorKind.Invalid,
            $"the NAD {namespaceName}/{nadName} already exists and is {by} {controller.Kind} {namespaceName}/{controller.Name}",
            JsonSerializer.Serialize(nadName, AdmissionJsonContext.Default.String));
    }

    /// <summary>The field that chose the NAD name: the cr-name annotation when set, else the SMC's name.</summary>
    private static string ConflictPath(SpiderMultusConfig smc) =>
        smc.Metadata?.Annotations?.ContainsKey(Annotations.CrName) == true ? CrNamePath : "metadata.name";

    private static readonly string CrNamePath = $"metadata.annotations[{Annotations.CrName}]";

    /// <summary>
    /// Spec 5.2 puts the conflict right after the cr-name checks (immutability, syntax), which Core reports
    /// first; keeping that order keeps the most useful error at the top of kubectl's message.
    /// </summary>
    private static void InsertConflict(List<FieldError> errors, FieldError conflict)
    {
        var at = errors.FindLastIndex(e => e.Path == CrNamePath || e.Path.StartsWith("metadata.name", StringComparison.Ordinal)) + 1;
        errors.Insert(at, conflict);
    }
}
