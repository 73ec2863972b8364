namespace MultusConfig.ApiServer;

/// <summary>How to start the double. Defaults suit tests: random ports, a small history window, frequent bookmarks.</summary>
public sealed record ApiServerOptions
{
    /// <summary>HTTPS port on 127.0.0.1; 0 picks a free one.</summary>
    public int HttpsPort { get; init; }

    /// <summary>Plain HTTP port on 127.0.0.1; 0 picks a free one.</summary>
    public int HttpPort { get; init; }

    /// <summary>How many changes watches can resume from; older resourceVersions get 410 Gone.</summary>
    public int HistoryWindow { get; init; } = 1000;

    /// <summary>Interval of BOOKMARK events on watches that allow them (the real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Watch length when the client gives no timeoutSeconds (the real server: 30–60 minutes).</summary>
    public TimeSpan DefaultWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Bearer tokens the server accepts. The written kubeconfig and client configuration use <see cref="AdminToken"/>.</summary>
    public IReadOnlyDictionary<string, UserInfo> Tokens { get; init; } = new Dictionary<string, UserInfo>(StringComparer.Ordinal)
    {
        [AdminToken] = UserInfo.Admin,
    };

    /// <summary>AlwaysAllow (every request, as before) or Rbac: the stored Roles, ClusterRoles and bindings decide, and 403 otherwise.</summary>
    public Authorization.AuthorizationMode Authorization { get; init; } = MultusConfig.ApiServer.Authorization.AuthorizationMode.AlwaysAllow;

    /// <summary>
    /// Whether a request without a bearer token is served as system:anonymous (the default, as before). When
    /// false it gets 401, as a server started with --anonymous-auth=false answers.
    /// </summary>
    public bool AllowAnonymous { get; init; } = true;

    public const string AdminToken = "apiserver-double-admin-token";
}
