using System.Text.Json.Nodes;
using MultusConfig.ApiServer;
using static MultusConfig.Deploy.Tests.Rendered;

namespace MultusConfig.Deploy.Tests.Rbac;

/// <summary>One request as RBAC sees it: verb, API group, resource[/subresource], namespace and name.</summary>
internal sealed record Access(string Verb, string Group, string Resource, string? Namespace, string? Name)
{
    public static Access? From(RequestRecord r)
    {
        if (r.Resource is null) return null;
        // /api/v1/... is the core group; /apis/{group}/{version}/... names it.
        var parts = r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var group = parts[0] == "api" ? "" : parts[1];
        var resource = string.IsNullOrEmpty(r.Subresource) ? r.Resource : $"{r.Resource}/{r.Subresource}";
        return new Access(r.Verb, group, resource, string.IsNullOrEmpty(r.Namespace) ? null : r.Namespace, string.IsNullOrEmpty(r.Name) ? null : r.Name);
    }

    public override string ToString() => $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource} ns={Namespace ?? "-"} name={Name ?? "-"}";
}

/// <summary>A single verb of a single resource of a rendered rule, with the namespace it is granted in (null: all).</summary>
internal sealed record Grant(string Role, string Verb, string Group, string Resource, IReadOnlyList<string> ResourceNames, string? Namespace)
{
    /// <summary>The RBAC authorizer's match, minus wildcards (our rules have none; <see cref="RbacRules"/> refuses them).</summary>
    public bool Allows(Access a) =>
        a.Verb == Verb && a.Group == Group && a.Resource == Resource
        && (Namespace is null || a.Namespace == Namespace)
        && (ResourceNames.Count == 0 || (a.Name is not null && ResourceNames.Contains(a.Name)));

    public override string ToString() => $"{Role}: {Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}" +
        (ResourceNames.Count > 0 ? $" [{string.Join(",", ResourceNames)}]" : "") + (Namespace is null ? "" : $" in {Namespace}");
}

/// <summary>The grants of the rendered Roles and ClusterRoles that are bound to the operator's ServiceAccount.</summary>
internal static class RbacRules
{
    public static List<Grant> Of(List<JsonObject> objects, string serviceAccount, string ns)
    {
        var grants = new List<Grant>();
        foreach (var binding in objects.Where(o => Str(o["kind"]) is "RoleBinding" or "ClusterRoleBinding"))
        {
            var subjects = binding["subjects"]!.AsArray();
            if (!subjects.Any(s => Str(s!["kind"]) == "ServiceAccount" && Str(s["name"]) == serviceAccount && Str(s["namespace"]) == ns)) continue;
            var roleKind = Str(binding["roleRef"]!["kind"])!;
            var role = Single(objects, roleKind, Str(binding["roleRef"]!["name"]));
            // A RoleBinding grants in its own namespace only, whatever the role's kind.
            var scope = Str(binding["kind"]) == "RoleBinding" ? Str(binding["metadata"]!["namespace"]) : null;
            foreach (var rule in role["rules"]!.AsArray())
            {
                var names = rule!["resourceNames"]?.AsArray().Select(n => Str(n)!).ToList() ?? [];
                foreach (var group in rule["apiGroups"]!.AsArray().Select(g => Str(g)!))
                foreach (var resource in rule["resources"]!.AsArray().Select(r => Str(r)!))
                foreach (var verb in rule["verbs"]!.AsArray().Select(v => Str(v)!))
                {
                    if ("*" is var star && (group == star || resource == star || verb == star)) throw new InvalidOperationException($"{roleKind} {role["metadata"]!["name"]}: wildcards are not least privilege");
                    grants.Add(new Grant($"{roleKind}/{Str(role["metadata"]!["name"])}", verb, group, resource, names, scope));
                }
            }
        }
        return grants;
    }
}
