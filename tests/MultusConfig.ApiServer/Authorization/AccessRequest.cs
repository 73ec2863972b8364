namespace MultusConfig.ApiServer.Authorization;

/// <summary>
/// What is asked, as the real server's authorizer.Attributes: a resource request (verb, group, resource,
/// subresource, namespace, name) or a non-resource one (verb and path).
/// </summary>
internal sealed record AccessRequest(UserInfo User, string Verb, string Group, string Resource, string Subresource, string Namespace, string Name, string? Path = null)
{
    public bool IsResourceRequest => Path is null;

    public static AccessRequest NonResource(UserInfo user, string verb, string path) => new(user, verb, "", "", "", "", "", path);

    /// <summary>The message of the real server's 403, word for word (apiserver responsewriters.forbiddenMessage).</summary>
    public string ForbiddenMessage()
    {
        if (!IsResourceRequest)
        {
            return $"User \"{User.Username}\" cannot {Verb} path \"{Path}\"";
        }
        var resource = Subresource.Length > 0 ? $"{Resource}/{Subresource}" : Resource;
        return Namespace.Length > 0
            ? $"User \"{User.Username}\" cannot {Verb} resource \"{resource}\" in API group \"{Group}\" in the namespace \"{Namespace}\""
            : $"User \"{User.Username}\" cannot {Verb} resource \"{resource}\" in API group \"{Group}\" at the cluster scope";
    }

    /// <summary>The 403 Status: "RESOURCE.GROUP \"NAME\" is forbidden: ..." (apierrors.NewForbidden).</summary>
    public ApiException Forbidden()
    {
        var qualified = Group.Length > 0 ? $"{Resource}.{Group}" : Resource;
        var prefix = !IsResourceRequest || qualified.Length == 0 ? "forbidden" : Name.Length > 0 ? $"{qualified} \"{Name}\" is forbidden" : $"{qualified} is forbidden";
        var details = new System.Text.Json.Nodes.JsonObject();
        if (Name.Length > 0)
        {
            details["name"] = Name;
        }
        if (Group.Length > 0)
        {
            details["group"] = Group;
        }
        if (Resource.Length > 0)
        {
            details["kind"] = Resource;
        }
        return new ApiException(403, "Forbidden", $"{prefix}: {ForbiddenMessage()}", details);
    }
}
