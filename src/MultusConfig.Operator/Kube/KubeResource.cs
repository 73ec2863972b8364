using System.Text;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// Where a resource lives in the API: group ("" for the core group), version, plural, and whether its objects
/// belong to a namespace. Builds the request paths, <c>/api/v1/…</c> for the core group and
/// <c>/apis/{group}/{version}/…</c> otherwise, as client-go's rest.Request.URL does.
/// </summary>
public sealed record KubeResource(string Group, string Version, string Plural, bool Namespaced = true)
{
    /// <summary>The collection: <c>…/namespaces/{ns}/{plural}</c>, or across namespaces (or cluster-scoped) when <paramref name="ns"/> is null.</summary>
    public string CollectionPath(string? ns)
    {
        var path = new StringBuilder(GroupVersionPath());
        if (Namespaced && !string.IsNullOrEmpty(ns)) path.Append("/namespaces/").Append(Uri.EscapeDataString(ns));
        return path.Append('/').Append(Plural).ToString();
    }

    /// <summary>One object, or one of its subresources (<c>status</c>).</summary>
    public string ObjectPath(string? ns, string name, string? subresource = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Namespaced && string.IsNullOrEmpty(ns)) throw new ArgumentException($"{Plural} are namespaced: a namespace is needed for \"{name}\"", nameof(ns));
        var path = CollectionPath(ns) + "/" + Uri.EscapeDataString(name);
        return string.IsNullOrEmpty(subresource) ? path : path + "/" + subresource;
    }

    private string GroupVersionPath() => Group.Length == 0 ? "/api/" + Version : "/apis/" + Group + "/" + Version;
}
