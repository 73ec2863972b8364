namespace MultusConfig.Operator.Kube;

/// <summary>A PATCH body and the content type that says how the server applies it.</summary>
public sealed record KubePatch(string ContentType, string Body)
{
    /// <summary>RFC 7386 JSON merge patch: objects merge, lists and scalars replace, null deletes.</summary>
    public static KubePatch Merge(string body) => new("application/merge-patch+json", body);

    /// <summary>RFC 6902 JSON patch: a list of operations, applied all or nothing (a failed "test" gives 422).</summary>
    public static KubePatch Json(string body) => new("application/json-patch+json", body);

    /// <summary>Kubernetes' strategic merge patch (built-in kinds only; custom resources answer 415).</summary>
    public static KubePatch StrategicMerge(string body) => new("application/strategic-merge-patch+json", body);
}
