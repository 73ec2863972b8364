using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>What a stand-in was called with: the CNI command, the CNI_* variables and the parsed config.</summary>
/// <param name="LinkExists">Whether an interface exists in the namespace the plugin was run in (the host namespace).</param>
public sealed record StandInRequest(string Command, JsonObject Config, IReadOnlyDictionary<string, string> CniEnv, string StateDir, Func<string, bool> LinkExists)
{
    public string Version => (string?)Config["cniVersion"] ?? "";
    public JsonNode? PrevResult => Config["prevResult"];
    public string ContainerId => CniEnv.GetValueOrDefault("CNI_CONTAINERID", "");
}
