using System.Text.Json.Nodes;
using YamlDotNet.Core.Events;

namespace MultusConfig.Core.Manifests;

/// <summary>A mapping or sequence under construction, with the state a mapping needs between key and value.</summary>
internal sealed class YamlFrame(JsonNode container, string? anchor, ParsingEvent startEvent)
{
    private List<JsonNode>? _mergeSources;

    public JsonNode Container { get; } = container;
    public string? Anchor { get; } = anchor;
    public ParsingEvent StartEvent { get; } = startEvent;

    /// <summary>Nodes in this subtree, itself included: what an alias to it will cost.</summary>
    public int Size { get; set; } = 1;

    public bool HasKey { get; set; }
    public bool KeyIsMerge { get; set; }
    public string? Key { get; set; }

    /// <summary>Line of each explicit key, to report where a duplicate was first defined.</summary>
    public Dictionary<string, int> KeyLines { get; } = new(StringComparer.Ordinal);

    public bool AddMergeSource(JsonNode? value)
    {
        if (value is JsonObject obj)
        {
            (_mergeSources ??= []).Add(obj);
            return true;
        }
        if (value is JsonArray array && array.All(item => item is JsonObject))
        {
            (_mergeSources ??= []).AddRange(array.Select(item => item!));
            return true;
        }
        return false;
    }

    /// <summary>
    /// Applies <c>&lt;&lt;</c> merges the YAML way: explicit keys win, then earlier sources over later ones.
    /// The sources are private copies (an alias was already copied and paid for), so members move.
    /// </summary>
    public void ApplyMerges(JsonObject target)
    {
        if (_mergeSources is null)
        {
            return;
        }
        foreach (var source in _mergeSources.Cast<JsonObject>())
        {
            foreach (var (key, value) in source.ToList())
            {
                if (target.ContainsKey(key))
                {
                    continue;
                }
                source.Remove(key);
                target[key] = value;
            }
        }
    }
}
