using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>
/// One served resource: where it lives in the URL space, how discovery describes it, and the
/// behaviours that differ between kinds (status subresource, generation tracking, schema).
/// </summary>
public sealed record ResourceType
{
    public required string Group { get; init; }

    /// <summary>Every served version; objects are stored once and shown in the requested version.</summary>
    public required IReadOnlyList<string> Versions { get; init; }

    public required string StorageVersion { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public string ListKind => Kind + "List";

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public bool HasStatus { get; init; }

    /// <summary>metadata.generation exists for kinds with a spec (CRs, CRDs, webhook configs), not for ConfigMaps.</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Custom resources refuse an update without metadata.resourceVersion; most built-ins accept it.</summary>
    public bool AllowUnconditionalUpdate { get; init; } = true;

    /// <summary>A create-only question (SubjectAccessReview, TokenReview): answered, never stored.</summary>
    public bool IsReview { get; init; }

    /// <summary>Strategic merge patch is served for built-in kinds only.</summary>
    public bool IsCustom { get; init; }

    /// <summary>Structural schema per version, for custom resources.</summary>
    public IReadOnlyDictionary<string, JsonObject> Schemas { get; init; } = new Dictionary<string, JsonObject>();

    /// <summary>additionalPrinterColumns per version, for custom resources.</summary>
    public IReadOnlyDictionary<string, JsonArray> PrinterColumns { get; init; } = new Dictionary<string, JsonArray>();

    /// <summary>"configmaps" or "widgets.example.com": identifies the resource, independent of the version.</summary>
    public string Id => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Another resource whose storage this one shows in its own shape (events.k8s.io Events are core Events).</summary>
    public string? SharedStorage { get; init; }

    /// <summary>Key of the storage bucket holding the objects.</summary>
    public string StoreKey => SharedStorage ?? Id;

    /// <summary>As the real server names the resource in messages.</summary>
    public string QualifiedResource => Id;

    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public string ApiVersion(string version) => Group.Length == 0 ? version : $"{Group}/{version}";

    public JsonObject Details(string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (Group.Length > 0)
        {
            details["group"] = Group;
        }
        details["kind"] = Plural;
        return details;
    }
}
