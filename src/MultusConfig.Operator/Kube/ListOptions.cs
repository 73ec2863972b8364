namespace MultusConfig.Operator.Kube;

/// <summary>The query of one LIST request (one page when <see cref="Limit"/> is set).</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    public int? Limit { get; init; }
    public string? Continue { get; init; }

    /// <summary>"0": any version the server has cached; a version: at least that new; null or "": the newest (a quorum read).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary><c>NotOlderThan</c> or <c>Exact</c>; only with <see cref="ResourceVersion"/>.</summary>
    public string? ResourceVersionMatch { get; init; }

    internal string ToQuery() => new QueryString()
        .Add("labelSelector", LabelSelector)
        .Add("fieldSelector", FieldSelector)
        .Add("limit", Limit)
        .Add("continue", Continue)
        .Add("resourceVersion", ResourceVersion)
        .Add("resourceVersionMatch", ResourceVersionMatch)
        .ToString();
}
