using System.Text;
using System.Text.Json.Nodes;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// A change to a review's JSON tree. <c>At</c> in [0, 1) picks a node among all of the tree's nodes, so the same
/// generated mutation lands on the same node of the same base review: a seed replays exactly.
/// Payloads too big or too deep for a JsonNode are left as placeholders and spliced in as text.
/// </summary>
internal abstract record TreeMutation
{
    /// <summary>Applies the change; returns what it did, for the failure message.</summary>
    public abstract string Apply(JsonObject review, Dictionary<string, string> rawPayloads);

    protected static List<(JsonNode Parent, string? Key, int Index, string Path)> Positions(JsonNode root)
    {
        var found = new List<(JsonNode, string?, int, string)>();
        Walk(root, "", found);
        return found;
    }

    private static void Walk(JsonNode node, string path, List<(JsonNode, string?, int, string)> found)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    found.Add((o, key, -1, path + "/" + key));
                    if (child is not null) Walk(child, path + "/" + key, found);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    found.Add((a, null, i, path + "/" + i));
                    if (a[i] is { } child) Walk(child, path + "/" + i, found);
                }
                break;
        }
    }

    protected static string Replace(JsonObject review, double at, Func<JsonNode?> value)
    {
        var positions = Positions(review);
        var (parent, key, index, path) = positions[(int)(at * positions.Count)];
        if (key is not null) parent.AsObject()[key] = value();
        else parent.AsArray()[index] = value();
        return path;
    }

    /// <summary>Raw JSON text spliced in after serialization: also values a JsonNode refuses to write (a lone surrogate escape).</summary>
    protected static JsonNode Placeholder(Dictionary<string, string> rawPayloads, string raw)
    {
        var marker = $"@@FUZZ{rawPayloads.Count}@@";
        rawPayloads["\"" + marker + "\""] = raw;
        return JsonValue.Create(marker);
    }
}

/// <summary>A value of another JSON type (or another value of the same type) where the schema expects something else.</summary>
internal sealed record WrongType(double At, string Json) : TreeMutation
{
    public override string Apply(JsonObject review, Dictionary<string, string> rawPayloads) =>
        $"{Replace(review, At, () => Placeholder(rawPayloads, Json))} := {Json}";
}

/// <summary>A field or array item taken out.</summary>
internal sealed record Remove(double At) : TreeMutation
{
    public override string Apply(JsonObject review, Dictionary<string, string> rawPayloads)
    {
        var positions = Positions(review);
        var (parent, key, index, path) = positions[(int)(At * positions.Count)];
        if (key is not null) parent.AsObject().Remove(key);
        else parent.AsArray().RemoveAt(index);
        return "remove " + path;
    }
}

/// <summary>An unknown field added to a random object (or the root when the pick is not an object).</summary>
internal sealed record AddField(double At, string Key, string Json) : TreeMutation
{
    public override string Apply(JsonObject review, Dictionary<string, string> rawPayloads)
    {
        var positions = Positions(review);
        var (parent, key, index, path) = positions[(int)(At * positions.Count)];
        var target = (key is not null ? parent[key] : parent[index]) as JsonObject ?? review;
        if (target.ContainsKey(Key)) return "add (exists) " + Key;
        target[Key] = Placeholder(rawPayloads, Json);
        return $"add {(ReferenceEquals(target, review) ? "" : path)}/{Key} = {Json}";
    }
}

/// <summary>A fixed field set to a chosen value: the review's or the object's kind/apiVersion, the operation, the uid.</summary>
internal sealed record SetField(string Path, string Json) : TreeMutation
{
    public override string Apply(JsonObject review, Dictionary<string, string> rawPayloads)
    {
        var steps = Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        JsonNode? node = review;
        foreach (var step in steps[..^1]) node = node is JsonObject o ? o[step] : null;
        if (node is not JsonObject parent) return $"set {Path} (parent absent)";
        parent[steps[^1]] = Placeholder(rawPayloads, Json);
        return $"set {Path} = {Json}";
    }
}

/// <summary>Nested arrays or objects <c>Depth</c> levels deep in place of a node.</summary>
internal sealed record DeepNesting(double At, int Depth, bool Objects) : TreeMutation
{
    public override string Apply(JsonObject review, Dictionary<string, string> rawPayloads)
    {
        var raw = Objects
            ? new StringBuilder().Insert(0, "{\"a\":", Depth).Append('1').Append('}', Depth).ToString()
            : new string('[', Depth) + new string(']', Depth);
        return $"{Replace(review, At, () => Placeholder(rawPayloads, raw))} := {(Objects ? "objects" : "arrays")} nested {Depth} deep";
    }
}

/// <summary>A string of <c>Count</c> copies of a JSON-escaped unit (plain, multi-byte, escapes, a lone surrogate escape) in place of a node.</summary>
internal sealed record HugeString(double At, int Count, string EscapedUnit) : TreeMutation
{
    public override string Apply(JsonObject review, Dictionary<string, string> rawPayloads)
    {
        var raw = new StringBuilder(Count * EscapedUnit.Length + 2).Append('"').Insert(1, EscapedUnit, Count).Append('"').ToString();
        return $"{Replace(review, At, () => Placeholder(rawPayloads, raw))} := string of {Count} × {EscapedUnit}";
    }
}

/// <summary>An array of <c>Count</c> items in place of a node.</summary>
internal sealed record HugeArray(double At, int Count, string Item) : TreeMutation
{
    public override string Apply(JsonObject review, Dictionary<string, string> rawPayloads)
    {
        var raw = new StringBuilder(Count * (Item.Length + 1) + 2).Append('[');
        for (var i = 0; i < Count; i++) (i == 0 ? raw : raw.Append(',')).Append(Item);
        raw.Append(']');
        return $"{Replace(review, At, () => Placeholder(rawPayloads, raw.ToString()))} := array of {Count} × {Item}";
    }
}
