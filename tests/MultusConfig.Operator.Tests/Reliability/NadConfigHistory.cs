using System.Text.Json.Nodes;
using MultusConfig.ApiServer;
using MultusConfig.Core.Api;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// Every generation of every SMC and every config written to a NAD an SMC controls, in commit order, as the
/// double commits them: what the "a NAD's config never goes back" invariant is checked against.
/// </summary>
internal sealed class NadConfigHistory
{
    private readonly Lock _lock = new();
    // SMC uid → generation → the SMC as committed at that generation (its first commit of it).
    private readonly Dictionary<string, SortedDictionary<long, JsonObject>> _generations = new(StringComparer.Ordinal);
    // SMC uid → generation last committed.
    private readonly Dictionary<string, long> _current = new(StringComparer.Ordinal);
    // (NAD key, controlling SMC uid) → its configs in order, each with the SMC's generation at the time of the write.
    private readonly Dictionary<(string Nad, string Uid), List<(string Config, long CurrentGeneration)>> _writes = [];

    public NadConfigHistory(ApiServerDouble server) => server.Committed += OnCommitted;

    /// <summary>Snapshot for the check: per NAD and controlling SMC, its writes and the SMC's generations.</summary>
    public List<(string Nad, List<(string Config, long CurrentGeneration)> Writes, SortedDictionary<long, JsonObject> Generations)> Snapshot()
    {
        lock (_lock)
        {
            return _writes.Select(w => (w.Key.Nad, w.Value.ToList(),
                new SortedDictionary<long, JsonObject>(_generations.TryGetValue(w.Key.Uid, out var g) ? g : [])))
                .ToList();
        }
    }

    private void OnCommitted(string type, string json)
    {
        if (type == "DELETED") return;
        if (!json.Contains("\"kind\":\"SpiderMultusConfig\"", StringComparison.Ordinal) && !json.Contains("\"kind\":\"NetworkAttachmentDefinition\"", StringComparison.Ordinal)) return;
        var obj = JsonNode.Parse(json)!.AsObject();
        var meta = obj["metadata"];
        lock (_lock)
        {
            if (obj["kind"]?.GetValue<string>() == SpiderMultusConfig.KindName)
            {
                var uid = meta?["uid"]?.GetValue<string>() ?? "";
                var generation = meta?["generation"]?.GetValue<long>() ?? 0;
                _current[uid] = generation;
                if (!_generations.TryGetValue(uid, out var generations)) _generations[uid] = generations = [];
                generations.TryAdd(generation, obj);
                return;
            }
            var controller = (meta?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(o => o["controller"]?.GetValue<bool>() == true && o["kind"]?.GetValue<string>() == SpiderMultusConfig.KindName);
            if (controller is null) return;
            var smcUid = controller["uid"]?.GetValue<string>() ?? "";
            var key = (meta?["namespace"]?.GetValue<string>() + "/" + meta?["name"]?.GetValue<string>(), smcUid);
            var config = obj["spec"]?["config"]?.GetValue<string>() ?? "";
            if (!_writes.TryGetValue(key, out var writes)) _writes[key] = writes = [];
            if (writes.Count > 0 && writes[^1].Config == config) return;
            writes.Add((config, _current.GetValueOrDefault(smcUid)));
        }
    }
}
