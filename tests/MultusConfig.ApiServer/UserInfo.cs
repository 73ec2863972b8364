namespace MultusConfig.ApiServer;

/// <summary>Who made a request, as admission webhooks see it in request.userInfo.</summary>
public sealed record UserInfo(string Username, IReadOnlyList<string> Groups)
{
    public static UserInfo Admin { get; } = new("kubernetes-admin", ["system:masters", "system:authenticated"]);

    public static UserInfo Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);

    public static UserInfo GarbageCollector { get; } = new("system:serviceaccount:kube-system:generic-garbage-collector", ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]);

    public static UserInfo NamespaceController { get; } = new("system:serviceaccount:kube-system:namespace-controller", ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]);
}
