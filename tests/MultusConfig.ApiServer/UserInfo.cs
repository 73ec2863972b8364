namespace MultusConfig.ApiServer;

/// <summary>Who made a request, as admission webhooks see it in request.userInfo and TokenReview returns it.</summary>
public sealed record UserInfo(string Username, IReadOnlyList<string> Groups)
{
    /// <summary>Extra attributes (e.g. authentication.kubernetes.io/credential-id), passed on to webhooks and SubjectAccessReviews.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Extra { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public static UserInfo Admin { get; } = new("kubernetes-admin", ["system:masters", "system:authenticated"]);

    public static UserInfo Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);

    public static UserInfo GarbageCollector { get; } = new("system:serviceaccount:kube-system:generic-garbage-collector", ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]);

    public static UserInfo NamespaceController { get; } = new("system:serviceaccount:kube-system:namespace-controller", ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]);

    /// <summary>
    /// The user a bearer token stands for, with the groups the real authenticators add: every authenticated
    /// user is in system:authenticated, and a service account (system:serviceaccount:NS:NAME) also in
    /// system:serviceaccounts and system:serviceaccounts:NS.
    /// </summary>
    public static UserInfo ForToken(string username, IEnumerable<string> groups)
    {
        var all = groups.ToList();
        var parts = username.Split(':');
        if (parts is ["system", "serviceaccount", var ns, _])
        {
            all.Add("system:serviceaccounts");
            all.Add("system:serviceaccounts:" + ns);
        }
        all.Add("system:authenticated");
        return new UserInfo(username, all.Distinct(StringComparer.Ordinal).ToList());
    }
}
