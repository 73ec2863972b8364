using System.Collections.Concurrent;

namespace MultusConfig.ApiServer;

/// <summary>The resources currently served: the built-ins plus one entry per established CRD.</summary>
internal sealed class ResourceRegistry
{
    private readonly ConcurrentDictionary<string, ResourceType> _byId = new(StringComparer.Ordinal);

    public ResourceRegistry()
    {
        foreach (var type in BuiltInResources.All)
        {
            _byId[type.Id] = type;
        }
    }

    public IEnumerable<ResourceType> All => _byId.Values.OrderBy(t => t.Group, StringComparer.Ordinal).ThenBy(t => t.Plural, StringComparer.Ordinal);

    public void Register(ResourceType type) => _byId[type.Id] = type;

    public void Unregister(string id) => _byId.TryRemove(id, out _);

    public ResourceType? Find(string group, string version, string plural) =>
        _byId.TryGetValue(group.Length == 0 ? plural : $"{plural}.{group}", out var t) && t.Versions.Contains(version) ? t : null;

    /// <summary>The resource that owns a storage bucket (not a view sharing it).</summary>
    public ResourceType? FindByStoreKey(string storeKey) => _byId.Values.FirstOrDefault(t => t.StoreKey == storeKey && t.SharedStorage is null);

    /// <summary>Resolves apiVersion+kind, as ownerReferences and webhook kinds name them.</summary>
    public ResourceType? FindByKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        // Core events and events.k8s.io events share a kind; the group decides.
        return _byId.Values.FirstOrDefault(t => t.Group == group && t.Kind == kind && t.Versions.Contains(version))
            ?? _byId.Values.FirstOrDefault(t => t.Group == group && t.Kind == kind);
    }

    public IEnumerable<(string Group, IReadOnlyList<string> Versions, string Preferred)> Groups() =>
        _byId.Values.Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var versions = g.SelectMany(t => t.Versions).Distinct().OrderByDescending(VersionPriority).ToList();
                return (g.Key, (IReadOnlyList<string>)versions, versions[0]);
            });

    /// <summary>Kubernetes version ordering: GA above beta above alpha, higher numbers first.</summary>
    internal static int VersionPriority(string v)
    {
        var m = System.Text.RegularExpressions.Regex.Match(v, @"^v(\d+)(?:(alpha|beta)(\d+))?$");
        if (!m.Success)
        {
            return 0;
        }
        var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "" => 3, "beta" => 2, _ => 1 };
        var minor = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (stage * 1000 + major) * 1000 + minor;
    }
}
