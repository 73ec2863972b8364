using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer.Authorization;

/// <summary>
/// One PolicyRule against one request, as Kubernetes' rbac validation evaluates it
/// (pkg/apis/rbac/v1/evaluation_helpers.go: VerbMatches, APIGroupMatches, ResourceMatches,
/// ResourceNameMatches, NonResourceURLMatches).
/// </summary>
internal static class RbacRules
{
    public static bool Allows(JsonObject rule, AccessRequest request)
    {
        if (!Contains(rule["verbs"], request.Verb))
        {
            return false;
        }
        if (!request.IsResourceRequest)
        {
            return Strings(rule["nonResourceURLs"]).Any(u => NonResourceUrlMatches(u, request.Path!));
        }
        return Contains(rule["apiGroups"], request.Group)
            && Strings(rule["resources"]).Any(r => ResourceMatches(r, request.Resource, request.Subresource))
            && ResourceNameMatches(Strings(rule["resourceNames"]).ToList(), request.Name);
    }

    /// <summary>"*" matches every resource and subresource; "*/scale" every resource's scale; "pods/log" only itself.</summary>
    private static bool ResourceMatches(string ruleResource, string resource, string subresource)
    {
        if (ruleResource == "*")
        {
            return true;
        }
        var combined = subresource.Length > 0 ? $"{resource}/{subresource}" : resource;
        if (ruleResource == combined)
        {
            return true;
        }
        return subresource.Length > 0 && ruleResource == "*/" + subresource;
    }

    /// <summary>A rule naming resources applies only to requests for one of those names (so never to create, list or watch without a name).</summary>
    private static bool ResourceNameMatches(List<string> names, string name) => names.Count == 0 || names.Contains(name, StringComparer.Ordinal);

    /// <summary>"*" matches every path; "/apis/*" every path under /apis/ (a trailing star is a prefix).</summary>
    private static bool NonResourceUrlMatches(string rule, string path) =>
        rule == "*" || rule == path || (rule.EndsWith('*') && path.StartsWith(rule[..^1], StringComparison.Ordinal));

    private static bool Contains(JsonNode? list, string value) => Strings(list).Any(s => s == "*" || s == value);

    internal static IEnumerable<string> Strings(JsonNode? list) =>
        list is JsonArray a ? a.Select(n => ObjectMeta.Str(n)).OfType<string>() : [];
}
