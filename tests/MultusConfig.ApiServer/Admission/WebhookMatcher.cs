using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer.Admission;

/// <summary>Whether one webhook of a configuration applies to a request: rules, then namespaceSelector and objectSelector.</summary>
internal static class WebhookMatcher
{
    public static bool RulesMatch(JsonObject webhook, string operation, RequestScope scope)
    {
        var resource = scope.Subresource.Length > 0 ? $"{scope.Type.Plural}/{scope.Subresource}" : scope.Type.Plural;
        foreach (var rule in (webhook["rules"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Contains(rule["operations"], operation)
                && Contains(rule["apiGroups"], scope.Type.Group)
                && Contains(rule["apiVersions"], scope.Version)
                && ResourceMatches(rule["resources"], resource)
                && ScopeMatches(ObjectMeta.Str(rule["scope"]) ?? "*", scope.Type.Namespaced))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// namespaceSelector: a namespaced object is matched by its namespace's labels, a Namespace by its own,
    /// and other cluster-scoped objects always match (as the real server documents).
    /// </summary>
    public static bool NamespaceMatches(JsonObject webhook, RequestScope scope, JsonObject? obj, JsonObject? old, Func<string, JsonObject?> getNamespace)
    {
        var selector = LabelSelector.FromObject(webhook["namespaceSelector"]);
        if (scope.Type == BuiltInResources.Namespaces)
        {
            return selector.Matches(ObjectMeta.Labels(obj ?? old!));
        }
        if (!scope.Type.Namespaced)
        {
            return true;
        }
        var ns = getNamespace(scope.Namespace);
        return selector.Matches(ns is null ? new Dictionary<string, string>() : ObjectMeta.Labels(ns));
    }

    public static bool ObjectMatches(JsonObject webhook, JsonObject? obj, JsonObject? old)
    {
        var selector = LabelSelector.FromObject(webhook["objectSelector"]);
        return (obj is not null && selector.Matches(ObjectMeta.Labels(obj))) || (old is not null && selector.Matches(ObjectMeta.Labels(old)));
    }

    private static bool Contains(JsonNode? list, string value) =>
        list is JsonArray a && a.Select(ObjectMeta.Str).Any(s => s == "*" || s == value);

    private static bool ResourceMatches(JsonNode? list, string resource)
    {
        if (list is not JsonArray a)
        {
            return false;
        }
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        var main = slash < 0 ? resource : resource[..slash];
        var sub = slash < 0 ? null : resource[(slash + 1)..];
        foreach (var s in a.Select(ObjectMeta.Str).OfType<string>())
        {
            if (s == resource || s == "*/*" || (s == "*" && sub is null) || (sub is not null && (s == $"{main}/*" || s == $"*/{sub}")))
            {
                return true;
            }
        }
        return false;
    }

    private static bool ScopeMatches(string scope, bool namespaced) => scope switch
    {
        "Cluster" => !namespaced,
        "Namespaced" => namespaced,
        _ => true,
    };
}
