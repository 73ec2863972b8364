using System.Text.Json;
using System.Text.Json.Nodes;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Admission;

/// <summary>Checks shared by both SMC webhooks: the request is about an SMC and carries the objects its operation needs.</summary>
internal static class SmcRequestObjects
{
    /// <summary>Null when the request is usable; otherwise why it is not.</summary>
    public static string? Problem(AdmissionRequest request)
    {
        if (request.Kind is { } kind && (kind.Group != SpiderMultusConfig.Group || kind.Kind != SpiderMultusConfig.KindName))
            return $"request.kind is {LogText.Of(kind.Group)}/{LogText.Of(kind.Version)}, Kind={LogText.Of(kind.Kind)}; this webhook admits only {SpiderMultusConfig.GroupVersion}, Kind={SpiderMultusConfig.KindName}";
        if (request.Operation is AdmissionOperations.Create or AdmissionOperations.Update)
        {
            if (request.NewObject is null) return $"request.object is required for {request.Operation}";
            if (ObjectProblem(request.NewObject, "request.object") is { } objectProblem) return objectProblem;
            if (NamespaceProblem(request) is { } namespaceProblem) return namespaceProblem;
        }
        if (request.Operation == AdmissionOperations.Update)
        {
            if (request.OldObject is null) return "request.oldObject is required for UPDATE";
            if (ObjectProblem(request.OldObject, "request.oldObject") is { } oldProblem) return oldProblem;
        }
        return null;
    }

    private static string? ObjectProblem(JsonObject obj, string path)
    {
        var apiVersion = StringOf(obj["apiVersion"]);
        var kind = StringOf(obj["kind"]);
        if (apiVersion != SpiderMultusConfig.GroupVersion || kind != SpiderMultusConfig.KindName)
            return $"{path} is apiVersion {AdmissionReviewReader.Shown(apiVersion)}, kind {AdmissionReviewReader.Shown(kind)}; this webhook admits only {SpiderMultusConfig.GroupVersion} {SpiderMultusConfig.KindName}";
        return null;
    }

    /// <summary>
    /// The API server sets request.namespace from the URL and has already made the object's namespace agree
    /// with it (an empty one is filled in); a review where they differ is crafted. Answering it would let the
    /// caller read the NAD cache of another namespace through the conflict message, so it is refused.
    /// </summary>
    private static string? NamespaceProblem(AdmissionRequest request)
    {
        var objectNamespace = StringOf(request.NewObject?["metadata"]?.AsObjectOrNull()?["namespace"]);
        if (string.IsNullOrEmpty(objectNamespace) || objectNamespace == request.Namespace) return null;
        return $"request.object.metadata.namespace {LogText.Quote(objectNamespace)} differs from request.namespace {LogText.Quote(request.Namespace ?? "")}";
    }

    /// <summary>
    /// An UPDATE is judged only when it changes the spec or the annotations (the cr-name, so the target name,
    /// and the annotations rendered into the NAD are among them). Anything else (a finalizer removed, the
    /// garbage collector's foregroundDeletion, labels, owner references) and every update of an object being
    /// deleted is admitted by both webhooks, so that an invalid or conflicting SMC can always finish its deletion.
    /// </summary>
    public static bool ChangesWhatWeRender(AdmissionRequest request)
    {
        if (request.Operation != AdmissionOperations.Update) return true;
        var now = request.NewObject!;
        var before = request.OldObject!;
        // metadata may be anything in a crafted review: a non-object is "changed", and the full check refuses it.
        if (now["metadata"] is not JsonObject metadata || before["metadata"] is not JsonObject oldMetadata) return true;
        if (metadata["deletionTimestamp"] is not null) return false;
        return !JsonNode.DeepEquals(now["spec"], before["spec"])
            || !JsonNode.DeepEquals(metadata["annotations"], oldMetadata["annotations"]);
    }

    public static string? StringOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>metadata.name of the object, else the request's name: what the denial message names.</summary>
    public static string? NameOf(AdmissionRequest request) =>
        StringOf(request.NewObject?["metadata"]?.AsObjectOrNull()?["name"]) ?? request.Name;

    private static JsonObject? AsObjectOrNull(this JsonNode node) => node as JsonObject;
}
