using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer.Authorization;

/// <summary>
/// Kubernetes RBAC over the Roles, ClusterRoles and bindings the double stores: a ClusterRoleBinding grants
/// its ClusterRole everywhere; a RoleBinding grants its Role, or a ClusterRole, inside its own namespace
/// only (plugin/pkg/auth/authorizer/rbac). Members of system:masters are allowed everything, as the real
/// server's privileged-group authorizer allows them before RBAC. Denial is the default: no deny rules.
/// </summary>
internal sealed class RbacAuthorizer(ObjectStore store)
{
    /// <summary>Allowed, and if so by what (the reason a SubjectAccessReview reports).</summary>
    public (bool Allowed, string Reason) Authorize(AccessRequest request)
    {
        if (request.User.Groups.Contains("system:masters"))
        {
            return (true, "");
        }
        if (BootstrapPolicy.Allows(request) is { } bootstrap)
        {
            return (true, bootstrap);
        }
        foreach (var binding in store.List(BuiltInResources.ClusterRoleBindings, null).Items)
        {
            if (Check(binding, "", request) is { } reason)
            {
                return (true, reason);
            }
        }
        if (request.IsResourceRequest && request.Namespace.Length > 0)
        {
            foreach (var binding in store.List(BuiltInResources.RoleBindings, request.Namespace).Items)
            {
                if (Check(binding, request.Namespace, request) is { } reason)
                {
                    return (true, reason);
                }
            }
        }
        return (false, "");
    }

    /// <summary>The allow reason when the binding names the user and its role has a rule for the request; else null.</summary>
    private string? Check(JsonObject binding, string bindingNamespace, AccessRequest request)
    {
        var subject = (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(s => AppliesTo(s, request.User, bindingNamespace));
        if (subject is null)
        {
            return null;
        }
        var roleKind = ObjectMeta.Str(binding["roleRef"]?["kind"]);
        var roleName = ObjectMeta.Str(binding["roleRef"]?["name"]) ?? "";
        var role = roleKind switch
        {
            "ClusterRole" => store.Get(BuiltInResources.ClusterRoles, "", roleName),
            "Role" when bindingNamespace.Length > 0 => store.Get(BuiltInResources.Roles, bindingNamespace, roleName),
            _ => null,
        };
        if (role is null || !(role["rules"] as JsonArray ?? []).OfType<JsonObject>().Any(r => RbacRules.Allows(r, request)))
        {
            return null;
        }
        var bindingKind = bindingNamespace.Length > 0 ? "RoleBinding" : "ClusterRoleBinding";
        var bindingName = bindingNamespace.Length > 0 ? $"{ObjectMeta.Name(binding)}/{bindingNamespace}" : ObjectMeta.Name(binding);
        var roleShown = roleKind == "Role" ? $"{roleName}/{bindingNamespace}" : roleName;
        return $"RBAC: allowed by {bindingKind} \"{bindingName}\" of {roleKind} \"{roleShown}\" to {ObjectMeta.Str(subject["kind"])} \"{ObjectMeta.Str(subject["name"])}\"";
    }

    /// <summary>rbac.appliesToUser: a ServiceAccount subject without a namespace means one in the binding's namespace.</summary>
    private static bool AppliesTo(JsonObject subject, UserInfo user, string bindingNamespace)
    {
        var name = ObjectMeta.Str(subject["name"]) ?? "";
        switch (ObjectMeta.Str(subject["kind"]))
        {
            case "User":
                return user.Username == name;
            case "Group":
                return user.Groups.Contains(name);
            case "ServiceAccount":
                var ns = ObjectMeta.Str(subject["namespace"]) is { Length: > 0 } given ? given : bindingNamespace;
                return ns.Length > 0 && user.Username == $"system:serviceaccount:{ns}:{name}";
            default:
                return false;
        }
    }
}
