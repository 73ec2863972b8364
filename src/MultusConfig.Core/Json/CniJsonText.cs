using System.Text;
using System.Text.Json;

namespace MultusConfig.Core.Json;

/// <summary>
/// Checks and re-writes user-written CNI JSON (chained plugins, custom configs). The checks follow
/// libcni's network-config decoding, made strict where the reference's leniency hides mistakes
/// (D16): exact-case well-known keys, no duplicate keys, no numbers outside the range of a double.
/// </summary>
internal static class CniJsonText
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    /// <summary>Keys libcni decodes into typed fields, with the JSON kind each must have.</summary>
    private static readonly Dictionary<string, JsonValueKind> WellKnownKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cniVersion"] = JsonValueKind.String,
        ["name"] = JsonValueKind.String,
        ["type"] = JsonValueKind.String,
        ["capabilities"] = JsonValueKind.Object,
        ["ipam"] = JsonValueKind.Object,
        ["dns"] = JsonValueKind.Object,
        ["prevResult"] = JsonValueKind.Object,
    };

    /// <summary>Problems of one plugin object (as in chainCNIJsonData), or none.</summary>
    public static List<string> CheckPlugin(string text)
    {
        var problems = new List<string>();
        using var doc = Parse(text, problems);
        if (doc is null) return problems;
        CheckValues(doc.RootElement, "", problems);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"must be a JSON object (a CNI plugin configuration), not {Kind(doc.RootElement)}");
            return problems;
        }
        CheckPluginObject(doc.RootElement, "", problems);
        return problems;
    }

    /// <summary>Problems of a whole network configuration: a single plugin config or a conflist with "plugins".</summary>
    public static List<string> CheckNetworkConfig(string text)
    {
        var problems = new List<string>();
        using var doc = Parse(text, problems);
        if (doc is null) return problems;
        CheckValues(doc.RootElement, "", problems);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"must be a JSON object (a CNI network configuration or configuration list), not {Kind(root)}");
            return problems;
        }
        if (root.TryGetProperty("plugins", out var plugins))
        {
            CheckKeyKinds(root, "", problems, pluginKeys: false);
            if (plugins.ValueKind != JsonValueKind.Array || plugins.GetArrayLength() == 0)
            {
                problems.Add("\"plugins\" must be a non-empty list of plugin objects");
                return problems;
            }
            var i = 0;
            foreach (var plugin in plugins.EnumerateArray())
            {
                if (plugin.ValueKind != JsonValueKind.Object) problems.Add($"plugins[{i}] must be a JSON object, not {Kind(plugin)}");
                else CheckPluginObject(plugin, $"plugins[{i}].", problems);
                i++;
            }
        }
        else
        {
            CheckPluginObject(root, "", problems);
        }
        return problems;
    }

    /// <summary>The text with insignificant whitespace removed; everything else (key order, numbers, escapes) as written.</summary>
    public static string Minify(string json)
    {
        var sb = new StringBuilder(json.Length);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < json.Length) sb.Append(json[++i]);
                else if (c == '"') inString = false;
            }
            else if (c == '"') { inString = true; sb.Append(c); }
            else if (c is not (' ' or '\t' or '\n' or '\r')) sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The reference's re-encoding through a generic map (spec 6.8): keys sorted by UTF-8 bytes,
    /// duplicate keys resolved last-wins, numbers through float64, strings re-escaped.
    /// </summary>
    public static void WriteCanonical(string json, StringBuilder sb)
    {
        using var doc = JsonDocument.Parse(json, ParseOptions);
        WriteCanonical(doc.RootElement, sb);
    }

    private static void WriteCanonical(JsonElement e, StringBuilder sb)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var last = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject()) last[p.Name] = p.Value;
                var keys = last.Keys.ToList();
                keys.Sort(Utf8Comparer.Instance);
                sb.Append('{');
                for (var i = 0; i < keys.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    GoJsonWriter.WriteString(sb, keys[i]);
                    sb.Append(':');
                    WriteCanonical(last[keys[i]], sb);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var first = true;
                foreach (var item in e.EnumerateArray())
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteCanonical(item, sb);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String:
                GoJsonWriter.WriteString(sb, e.GetString()!);
                break;
            case JsonValueKind.Number:
                GoJsonWriter.WriteDouble(sb, e.GetDouble());
                break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            default: sb.Append("null"); break;
        }
    }

    private static JsonDocument? Parse(string text, List<string> problems)
    {
        try
        {
            return JsonDocument.Parse(text, ParseOptions);
        }
        catch (JsonException e)
        {
            problems.Add("is not valid JSON: " + Describe(e));
            return null;
        }
    }

    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        return e.BytePositionInLine is { } col ? $"{message.TrimEnd('.')} (line {e.LineNumber + 1}, column {col + 1})" : message;
    }

    private static void CheckPluginObject(JsonElement plugin, string prefix, List<string> problems)
    {
        CheckKeyKinds(plugin, prefix, problems, pluginKeys: true);
        if (!plugin.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString()!.Length == 0)
            problems.Add($"{prefix}\"type\" is required: it names the CNI plugin binary");
    }

    private static void CheckKeyKinds(JsonElement obj, string prefix, List<string> problems, bool pluginKeys)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (!WellKnownKeys.TryGetValue(p.Name, out var kind)) continue;
            var canonical = WellKnownKeys.Keys.First(k => string.Equals(k, p.Name, StringComparison.OrdinalIgnoreCase));
            if (!pluginKeys && canonical is not ("cniVersion" or "name")) continue;
            if (p.Name != canonical)
            {
                problems.Add($"{prefix}key \"{p.Name}\" must be written \"{canonical}\" (CNI keys are case-sensitive for plugins)");
                continue;
            }
            if (p.Value.ValueKind != kind)
            {
                problems.Add($"{prefix}\"{p.Name}\" must be a JSON {Describe(kind)}, not {Kind(p.Value)}");
                continue;
            }
            switch (canonical)
            {
                case "capabilities":
                    foreach (var c in p.Value.EnumerateObject())
                        if (c.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                            problems.Add($"{prefix}\"capabilities.{c.Name}\" must be true or false");
                    break;
                case "ipam":
                    if (p.Value.TryGetProperty("type", out var ipamType) && ipamType.ValueKind != JsonValueKind.String)
                        problems.Add($"{prefix}\"ipam.type\" must be a string");
                    break;
                case "dns":
                    CheckDns(p.Value, prefix, problems);
                    break;
            }
        }
    }

    private static void CheckDns(JsonElement dns, string prefix, List<string> problems)
    {
        foreach (var d in dns.EnumerateObject())
        {
            switch (d.Name)
            {
                case "domain" when d.Value.ValueKind != JsonValueKind.String:
                    problems.Add($"{prefix}\"dns.domain\" must be a string");
                    break;
                case "nameservers" or "search" or "options" when d.Value.ValueKind != JsonValueKind.Array
                    || d.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String):
                    problems.Add($"{prefix}\"dns.{d.Name}\" must be a list of strings");
                    break;
            }
        }
    }

    /// <summary>Duplicate keys, numbers a double cannot hold and escapes that are not valid UTF-16, anywhere in the value.</summary>
    private static void CheckValues(JsonElement e, string path, List<string> problems)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject())
                {
                    var childPath = path.Length == 0 ? p.Name : path + "." + p.Name;
                    if (!seen.Add(p.Name)) problems.Add($"duplicate key \"{childPath}\"");
                    CheckString(p, problems);
                    CheckValues(p.Value, childPath, problems);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray()) CheckValues(item, $"{path}[{i++}]", problems);
                break;
            case JsonValueKind.Number:
                if (!double.IsFinite(e.GetDouble()))
                    problems.Add($"number {Shorten(e.GetRawText())} at \"{path}\" is outside the range of a 64-bit float; CNI plugins cannot read it");
                break;
            case JsonValueKind.String:
                try { _ = e.GetString(); }
                catch (InvalidOperationException) { problems.Add($"string at \"{path}\" has an invalid \\u escape (a lone surrogate)"); }
                break;
        }
    }

    private static void CheckString(JsonProperty p, List<string> problems)
    {
        try { _ = p.Name; }
        catch (InvalidOperationException) { problems.Add("a key has an invalid \\u escape (a lone surrogate)"); }
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    private static string Describe(JsonValueKind k) => k == JsonValueKind.Object ? "object" : "string";
}

/// <summary>Orders strings by their UTF-8 bytes, as Go sorts map keys (differs from UTF-16 order above U+FFFF).</summary>
internal sealed class Utf8Comparer : IComparer<string>
{
    public static readonly Utf8Comparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null) return string.CompareOrdinal(x, y);
        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b) continue;
            // Surrogates encode code points above U+FFFF, which sort after U+E000..U+FFFF in UTF-8.
            var sa = char.IsSurrogate(a);
            var sb = char.IsSurrogate(b);
            if (sa != sb && (a >= '\uE000' || b >= '\uE000')) return sa ? 1 : -1;
            return a.CompareTo(b);
        }
        return x.Length.CompareTo(y.Length);
    }
}
