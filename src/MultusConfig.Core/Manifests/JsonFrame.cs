using System.Text.Json.Nodes;

namespace MultusConfig.Core.Manifests;

/// <summary>An object or array being built from JSON tokens.</summary>
internal sealed class JsonFrame(JsonNode container)
{
    private string? _key;
    private Dictionary<string, int>? _keyLines;

    public JsonNode Container { get; } = container;

    public bool TrySetKey(string key, int line, out int firstLine)
    {
        _keyLines ??= new Dictionary<string, int>(StringComparer.Ordinal);
        if (_keyLines.TryGetValue(key, out firstLine))
        {
            return false;
        }
        _keyLines[key] = line;
        _key = key;
        return true;
    }

    public void Add(JsonNode? value)
    {
        if (Container is JsonArray array)
        {
            array.Add(value);
        }
        else if (_key is not null)
        {
            ((JsonObject)Container)[_key] = value;
            _key = null;
        }
    }
}
