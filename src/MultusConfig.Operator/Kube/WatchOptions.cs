namespace MultusConfig.Operator.Kube;

/// <summary>The query of one WATCH request.</summary>
public sealed record WatchOptions
{
    /// <summary>Events after this version; null or "0": the current state first, as ADDED events.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>The server ends the stream cleanly after this many seconds (client-go's reflector: random in [300, 600)).</summary>
    public int? TimeoutSeconds { get; init; }

    public bool AllowBookmarks { get; init; } = true;
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }

    internal string ToQuery() => new QueryString()
        .Add("watch", "true")
        .Add("allowWatchBookmarks", AllowBookmarks ? "true" : null)
        .Add("resourceVersion", ResourceVersion)
        .Add("timeoutSeconds", TimeoutSeconds)
        .Add("labelSelector", LabelSelector)
        .Add("fieldSelector", FieldSelector)
        .ToString();
}
