namespace MultusConfig.Operator.Kube;

/// <summary>The kinds of watch events yielded to the caller. ERROR is not one: it is thrown as <see cref="KubeApiException"/>.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>No change: the object carries only <c>metadata.resourceVersion</c>, the point a new watch may resume from.</summary>
    Bookmark,
}

/// <summary>One event of a watch stream.</summary>
#pragma warning disable CA1720 // "object" is the watch event's own field name in the API.
public readonly record struct WatchEvent<T>(WatchEventType Type, T Object);
#pragma warning restore CA1720
