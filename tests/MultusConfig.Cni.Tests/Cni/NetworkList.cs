using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.Cni;

/// <summary>A parsed conflist (or a single config treated as a list of one) and libcni's per-plugin config building.</summary>
public sealed class NetworkList
{
    private NetworkList(string name, string version, IReadOnlyList<JsonObject> plugins, bool isSingleConfig)
    {
        Name = name;
        Version = version;
        Plugins = plugins;
        IsSingleConfig = isSingleConfig;
    }

    public string Name { get; }
    public string Version { get; }
    public IReadOnlyList<JsonObject> Plugins { get; }
    /// <summary>True for a single plugin config; its keys are used as they are.</summary>
    public bool IsSingleConfig { get; }

    public static NetworkList Parse(string config)
    {
        if (JsonNode.Parse(config) is not JsonObject root)
        {
            throw new ArgumentException("a CNI config must be a JSON object: " + config, nameof(config));
        }
        var name = (string?)root["name"] ?? throw new ArgumentException("config has no name: " + config, nameof(config));
        // libcni treats a missing cniVersion as 0.1.0; none of our configs may rely on that.
        var version = (string?)root["cniVersion"] ?? throw new ArgumentException("config has no cniVersion: " + config, nameof(config));
        if (root["plugins"] is JsonArray plugins)
        {
            return new NetworkList(name, version, [.. plugins.Select(p => p as JsonObject ?? throw new ArgumentException("a plugin is not an object: " + config, nameof(config)))], isSingleConfig: false);
        }
        return new NetworkList(name, version, [root], isSingleConfig: true);
    }

    /// <summary>The stdin of plugin <paramref name="index"/>: its object plus name, cniVersion and prevResult.</summary>
    public JsonObject Build(int index, JsonNode? prevResult)
    {
        var conf = (JsonObject)Plugins[index].DeepClone();
        if (!IsSingleConfig)
        {
            conf["name"] = Name;
            conf["cniVersion"] = Version;
        }
        conf.Remove("prevResult");
        if (prevResult is not null)
        {
            conf["prevResult"] = prevResult.DeepClone();
        }
        return conf;
    }
}
