using System.Text.Json;
using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Infrastructure;

namespace MultusConfig.Cni.Tests.Cni;

/// <summary>
/// Executes a CNI conflist the way libcni (containernetworking/cni pkg/libcni) does:
/// <list type="bullet">
/// <item>ADD: plugins in order, each with the list's <c>name</c> and <c>cniVersion</c> injected and
/// <c>prevResult</c> = the previous plugin's result (none for the first); the final result is cached;</item>
/// <item>CHECK: only for cniVersion ≥ 0.4.0, plugins in order, each with the cached result;</item>
/// <item>DEL: plugins in reverse order, with the cached result only for ≥ 0.4.0; the cache entry is dropped.</item>
/// </list>
/// Each plugin binary is looked up on CNI_PATH and run inside the host namespace (<c>ip netns exec</c>)
/// with only PATH and the CNI_* variables, so master interfaces resolve there and nothing of the test
/// host's environment leaks in. Every result and error is checked against the CNI spec for its version.
/// A single plugin config (no "plugins" key) runs as a list of one, as libcni's AddNetwork does.
/// </summary>
public sealed class CniRuntime(string hostNamespace, string cniPath)
{
    private readonly Dictionary<string, JsonNode?> _cache = [];
    private readonly List<PluginInvocation> _invocations = [];
    private readonly Lock _lock = new();

    public string CniPath { get; } = cniPath;

    /// <summary>Every plugin call made so far, in order.</summary>
    public IReadOnlyList<PluginInvocation> Invocations
    {
        get
        {
            lock (_lock)
            {
                return [.. _invocations];
            }
        }
    }

    public async Task<JsonObject> AddAsync(string config, RuntimeConf rt)
    {
        ArgumentNullException.ThrowIfNull(rt);
        var list = NetworkList.Parse(config);
        JsonNode? result = null;
        for (var i = 0; i < list.Plugins.Count; i++)
        {
            var conf = WithRuntimeConfig(list.Build(i, result), rt);
            var stdout = await InvokeAsync("ADD", i, conf, list.Version, rt, expectResult: true);
            result = JsonNode.Parse(stdout);
        }
        lock (_lock)
        {
            _cache[CacheKey(list, rt)] = result?.DeepClone();
        }
        return (JsonObject)result!;
    }

    public async Task CheckAsync(string config, RuntimeConf rt)
    {
        ArgumentNullException.ThrowIfNull(rt);
        var list = NetworkList.Parse(config);
        if (!CniVersion.HasCheck(list.Version))
        {
            throw new NotSupportedException($"configuration version \"{list.Version}\" does not support the CHECK command");
        }
        var cached = Cached(list, rt) ?? throw new InvalidOperationException($"no cached result for {list.Name}/{rt.ContainerId}/{rt.IfName}: CHECK needs a previous ADD");
        for (var i = 0; i < list.Plugins.Count; i++)
        {
            await InvokeAsync("CHECK", i, WithRuntimeConfig(list.Build(i, cached), rt), list.Version, rt, expectResult: false);
        }
    }

    public async Task DeleteAsync(string config, RuntimeConf rt)
    {
        ArgumentNullException.ThrowIfNull(rt);
        var list = NetworkList.Parse(config);
        var cached = CniVersion.AtLeast(list.Version, "0.4.0") ? Cached(list, rt) : null;
        for (var i = list.Plugins.Count - 1; i >= 0; i--)
        {
            await InvokeAsync("DEL", i, WithRuntimeConfig(list.Build(i, cached), rt), list.Version, rt, expectResult: false);
        }
        lock (_lock)
        {
            _cache.Remove(CacheKey(list, rt));
        }
    }

    /// <summary>CNI_COMMAND=VERSION for one plugin type: the versions it says it supports.</summary>
    public async Task<IReadOnlyList<string>> SupportedVersionsAsync(string pluginType)
    {
        var outcome = await ProcessRunner.RunAsync("ip", ["netns", "exec", hostNamespace, Binary(pluginType)], "{}", Environment("VERSION", null));
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"VERSION of {pluginType} failed: {outcome}");
        }
        var obj = JsonNode.Parse(outcome.Stdout) as JsonObject;
        return [.. (obj?["supportedVersions"] as JsonArray ?? []).Select(v => (string?)v ?? "")];
    }

    private JsonNode? Cached(NetworkList list, RuntimeConf rt)
    {
        lock (_lock)
        {
            return _cache.TryGetValue(CacheKey(list, rt), out var r) ? r?.DeepClone() : null;
        }
    }

    /// <summary>
    /// libcni's injectRuntimeConfig (pkg/libcni/api.go): a plugin whose <c>capabilities</c> has a capability set to
    /// true gets that capability's argument under <c>runtimeConfig</c>, on ADD, CHECK and DEL alike.
    /// </summary>
    private static JsonObject WithRuntimeConfig(JsonObject conf, RuntimeConf rt)
    {
        if (rt.Ips is { } ips && conf["capabilities"] is JsonObject capabilities && capabilities["ips"] is JsonValue v && v.TryGetValue(out bool wanted) && wanted)
        {
            conf["runtimeConfig"] = new JsonObject { ["ips"] = new JsonArray([.. ips.Select(ip => JsonValue.Create(ip))]) };
        }
        return conf;
    }

    private static string CacheKey(NetworkList list, RuntimeConf rt) => $"{list.Name}/{rt.ContainerId}/{rt.IfName}";

    private async Task<string> InvokeAsync(string command, int index, JsonObject conf, string version, RuntimeConf rt, bool expectResult)
    {
        var type = (string?)conf["type"] ?? "";
        var confText = conf.ToJsonString();
        var binary = Binary(type);
        if (!File.Exists(binary))
        {
            throw new CniPluginException(command, type, index, confText, -1, "", "", null, $"no plugin binary '{type}' on CNI_PATH {CniPath}");
        }
        var outcome = await ProcessRunner.RunAsync("ip", ["netns", "exec", hostNamespace, binary], confText, Environment(command, rt));
        lock (_lock)
        {
            _invocations.Add(new PluginInvocation(command, index, type, confText, outcome.Stdout));
        }
        if (!outcome.Succeeded)
        {
            var (error, problems) = CniError.Parse(outcome.Stdout);
            throw new CniPluginException(command, type, index, confText, outcome.ExitCode, outcome.Stdout, outcome.Stderr, error,
                problems.Count > 0 ? "the error output violates the CNI spec: " + string.Join("; ", problems) : null);
        }
        if (!expectResult)
        {
            if (outcome.Stdout.Trim().Length > 0)
            {
                throw new CniPluginException(command, type, index, confText, 0, outcome.Stdout, outcome.Stderr, null, $"{command} must print nothing on success");
            }
            return "";
        }
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(outcome.Stdout);
        }
        catch (JsonException e)
        {
            throw new CniPluginException(command, type, index, confText, 0, outcome.Stdout, outcome.Stderr, null, "result is not JSON: " + e.Message);
        }
        var violations = CniResultValidator.Validate(parsed, version);
        if (violations.Count > 0)
        {
            throw new CniPluginException(command, type, index, confText, 0, outcome.Stdout, outcome.Stderr, null, "result violates the CNI spec: " + string.Join("; ", violations));
        }
        return outcome.Stdout;
    }

    private string Binary(string type) => Path.Combine(CniPath, type);

    private Dictionary<string, string> Environment(string command, RuntimeConf? rt)
    {
        var env = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin",
            ["CNI_COMMAND"] = command,
            ["CNI_PATH"] = CniPath,
        };
        if (rt is not null)
        {
            env["CNI_CONTAINERID"] = rt.ContainerId;
            env["CNI_NETNS"] = rt.NetnsPath;
            env["CNI_IFNAME"] = rt.IfName;
            env["CNI_ARGS"] = rt.CniArgs;
        }
        return env;
    }
}
