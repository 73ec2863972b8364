using System.Text;
using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>
/// One call a stand-in received, as written to <c>calls.jsonl</c> in its state directory. Each call is
/// appended as one line with a single write, so concurrent stand-ins do not interleave.
/// </summary>
public sealed record StandInRecord(string Plugin, string Command, IReadOnlyDictionary<string, string> Env, string Stdin)
{
    public const string FileName = "calls.jsonl";

    public string ContainerId => Env.GetValueOrDefault("CNI_CONTAINERID", "");

    /// <summary>The config the plugin got on stdin.</summary>
    public JsonObject Config => JsonNode.Parse(Stdin) as JsonObject ?? throw new InvalidOperationException("stand-in stdin was not a JSON object: " + Stdin);

    public static void Append(string stateDir, string plugin, string command, IReadOnlyDictionary<string, string> env, string stdin)
    {
        var line = new JsonObject
        {
            ["plugin"] = plugin,
            ["command"] = command,
            ["env"] = new JsonObject([.. env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value)))]),
            ["stdin"] = stdin,
        }.ToJsonString() + "\n";
        using var stream = new FileStream(Path.Combine(stateDir, FileName), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var bytes = Encoding.UTF8.GetBytes(line);
        stream.Write(bytes, 0, bytes.Length);
    }

    /// <summary>Every call recorded in a state directory, in the order they happened.</summary>
    public static IReadOnlyList<StandInRecord> ReadAll(string stateDir)
    {
        var file = Path.Combine(stateDir, FileName);
        if (!File.Exists(file))
        {
            return [];
        }
        return [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l =>
        {
            var o = (JsonObject)JsonNode.Parse(l)!;
            var env = ((JsonObject)o["env"]!).ToDictionary(p => p.Key, p => (string?)p.Value ?? "", StringComparer.Ordinal);
            return new StandInRecord((string)o["plugin"]!, (string)o["command"]!, env, (string)o["stdin"]!);
        })];
    }
}
