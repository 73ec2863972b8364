using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>
/// The common part of every stand-in call (served by <see cref="StandInServer"/>): records the call,
/// checks the version, the CNI_* environment and the keys, then lets the plugin-specific code answer.
/// Every failure becomes the spec's error object with exit code 1, like a real plugin.
/// </summary>
public static class StandInHost
{
    /// <summary>The versions the cni-version annotation allows; the stand-ins speak exactly those.</summary>
    public static readonly string[] SupportedVersions = ["0.3.0", "0.3.1", "0.4.0", "1.0.0"];

    private static readonly Dictionary<string, IStandInPlugin> Plugins = new(StringComparer.Ordinal)
    {
        ["spiderpool"] = new SpiderpoolStandIn(),
        ["coordinator"] = new CoordinatorStandIn(),
        ["ifacer"] = new IfacerStandIn(),
        ["rdma"] = new RdmaStandIn(),
        ["whereabouts"] = new WhereaboutsStandIn(),
    };

    public static IReadOnlyCollection<string> Types => Plugins.Keys;

    /// <summary>One plugin call: CNI_* variables and stdin in, exit code and stdout out.</summary>
    public static (int ExitCode, string Stdout) Handle(string type, IReadOnlyDictionary<string, string> env, string stdin, string stateDir, Func<string, bool> linkExists)
    {
        ArgumentNullException.ThrowIfNull(env);
        var command = env.GetValueOrDefault("CNI_COMMAND", "");
        var version = "1.0.0";
        try
        {
            if (!Plugins.TryGetValue(type, out var plugin))
            {
                throw new StandInException(StandInException.InvalidConfig, $"no stand-in named '{type}'");
            }
            if (command == "VERSION")
            {
                return (0, new JsonObject { ["cniVersion"] = "1.0.0", ["supportedVersions"] = new JsonArray([.. SupportedVersions.Select(v => JsonValue.Create(v))]) }.ToJsonString());
            }
            StandInRecord.Append(stateDir, type, command, env, stdin);

            JsonObject config;
            try
            {
                config = JsonNode.Parse(stdin) as JsonObject ?? throw new StandInException(StandInException.DecodingFailure, "config is not a JSON object");
            }
            catch (JsonException e)
            {
                throw new StandInException(StandInException.DecodingFailure, "failed to parse config: " + e.Message);
            }
            version = config["cniVersion"] is JsonValue cv && cv.TryGetValue(out string? v) ? v : "";
            if (!SupportedVersions.Contains(version))
            {
                throw new StandInException(StandInException.IncompatibleVersion, "incompatible CNI versions",
                    $"config is \"{version}\", stand-in {type} supports [{string.Join(' ', SupportedVersions.Select(s => $"\"{s}\""))}]");
            }
            CheckEnvironment(command, env);
            var request = new StandInRequest(command, config, env, stateDir, linkExists);
            var problems = plugin.CheckConfig(request);
            if (problems.Count > 0)
            {
                throw new StandInException(StandInException.InvalidConfig, $"stand-in {type}: invalid network config: {string.Join("; ", problems)}");
            }
            var result = command switch
            {
                "ADD" => plugin.Add(request),
                "CHECK" => plugin.Check(request),
                "DEL" => plugin.Delete(request),
                _ => throw new StandInException(StandInException.InvalidConfig, $"unknown CNI_COMMAND '{command}'"),
            };
            return (0, result?.ToJsonString() ?? "");
        }
        catch (StandInException e)
        {
            var error = new JsonObject { ["cniVersion"] = version, ["code"] = e.Code, ["msg"] = e.Message };
            if (e.Details is not null)
            {
                error["details"] = e.Details;
            }
            return (1, error.ToJsonString());
        }
    }

    private static void CheckEnvironment(string command, IReadOnlyDictionary<string, string> env)
    {
        string[] required = command is "ADD" or "CHECK"
            ? ["CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH"]
            : ["CNI_COMMAND", "CNI_CONTAINERID", "CNI_IFNAME", "CNI_PATH"];
        var missing = required.Where(k => string.IsNullOrEmpty(env.GetValueOrDefault(k))).ToList();
        if (missing.Count > 0)
        {
            throw new StandInException(StandInException.MissingEnvironment, $"required env variables [{string.Join(' ', missing)}] missing");
        }
    }
}
