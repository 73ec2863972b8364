namespace MultusConfig.ApiServer;

/// <summary>A resource request decoded from its URL, following the real server's RequestInfoFactory.</summary>
internal sealed record RequestInfo(string Group, string Version, string Resource, string Namespace, string Name, string Subresource, string Verb)
{
    private static readonly HashSet<string> NamespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    /// <summary>Null for non-resource paths (discovery, /version, ...).</summary>
    public static RequestInfo? Parse(string method, string path, bool watch)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        string group, version;
        List<string> rest;
        if (parts.Count >= 3 && parts[0] == "api")
        {
            (group, version, rest) = ("", parts[1], parts[2..]);
        }
        else if (parts.Count >= 4 && parts[0] == "apis")
        {
            (group, version, rest) = (parts[1], parts[2], parts[3..]);
        }
        else
        {
            return null;
        }
        var ns = "";
        if (rest[0] == "namespaces" && rest.Count > 1)
        {
            ns = rest[1];
            if (rest.Count > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }
        string resource = rest[0], name = "", sub = "";
        if (resource == "namespaces" && ns.Length > 0 && rest.Count <= 3)
        {
            // /api/v1/namespaces/{name}[/status]: the namespace object itself, not something inside it.
            (name, ns) = (ns, "");
            sub = rest.Count == 3 ? rest[2] : "";
        }
        else
        {
            name = rest.Count > 1 ? rest[1] : "";
            sub = rest.Count > 2 ? string.Join('/', rest[2..]) : "";
        }
        var verb = method switch
        {
            "GET" or "HEAD" when watch => "watch",
            "GET" or "HEAD" => name.Length > 0 ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length > 0 ? "delete" : "deletecollection",
            _ => method.ToLowerInvariant(),
        };
        return new RequestInfo(group, version, resource, ns, name, sub, verb);
    }

    /// <summary>
    /// As the real RequestInfoFactory does: a list or watch without a name in the path that selects
    /// <c>metadata.name=X</c> is a request for X, so RBAC <c>resourceNames</c> can allow a watch of one object.
    /// </summary>
    public RequestInfo WithNameFromFieldSelector(string? fieldSelector)
    {
        if (Name.Length > 0 || Verb is not ("list" or "watch") || string.IsNullOrEmpty(fieldSelector))
        {
            return this;
        }
        foreach (var term in fieldSelector.Split(','))
        {
            var t = term.Trim();
            foreach (var prefix in (string[])["metadata.name==", "metadata.name="])
            {
                if (t.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return this with { Name = t[prefix.Length..] };
                }
            }
        }
        return this;
    }
}
