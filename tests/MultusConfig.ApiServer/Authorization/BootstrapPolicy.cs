namespace MultusConfig.ApiServer.Authorization;

/// <summary>
/// What every real cluster grants through its bootstrap ClusterRoles, without them being stored here:
/// system:public-info-viewer (health and version, to everyone), system:discovery (discovery and OpenAPI, to
/// authenticated users) and system:basic-user (self access reviews, to authenticated users).
/// </summary>
internal static class BootstrapPolicy
{
    private static readonly string[] PublicInfo = ["/healthz", "/livez", "/readyz", "/version", "/version/"];

    private static readonly string[] Discovery = ["/api", "/api/", "/apis", "/apis/", "/openapi", "/openapi/"];

    private static readonly HashSet<string> SelfReviews = new(StringComparer.Ordinal)
    {
        "authorization.k8s.io/selfsubjectaccessreviews", "authorization.k8s.io/selfsubjectrulesreviews", "authentication.k8s.io/selfsubjectreviews",
    };

    public static string? Allows(AccessRequest request)
    {
        if (!request.IsResourceRequest)
        {
            if (request.Verb == "get" && PublicInfo.Contains(request.Path))
            {
                return "RBAC: allowed by ClusterRoleBinding \"system:public-info-viewer\"";
            }
            var authenticated = request.User.Groups.Contains("system:authenticated");
            var discovery = Discovery.Any(p => request.Path == p || (p.EndsWith('/') && request.Path!.StartsWith(p, StringComparison.Ordinal)));
            return authenticated && request.Verb == "get" && discovery ? "RBAC: allowed by ClusterRoleBinding \"system:discovery\"" : null;
        }
        return request.Verb == "create" && request.User.Groups.Contains("system:authenticated") && SelfReviews.Contains($"{request.Group}/{request.Resource}")
            ? "RBAC: allowed by ClusterRoleBinding \"system:basic-user\""
            : null;
    }
}
