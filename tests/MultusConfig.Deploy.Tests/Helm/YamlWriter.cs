using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultusConfig.Deploy.Tests.Helm;

/// <summary>
/// <c>toYaml</c>: block YAML without the trailing newline (Helm trims it). Strings are written double-quoted
/// (JSON escaping is valid YAML), so no string can be read back as a number or a boolean.
/// </summary>
internal static class YamlWriter
{
    public static string Write(JsonNode? node)
    {
        var output = new StringBuilder();
        WriteNode(output, node, 0);
        return output.ToString().TrimEnd('\n');
    }

    private static void WriteNode(StringBuilder output, JsonNode? node, int indent)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject { Count: > 0 } o:
                foreach (var (key, value) in o)
                {
                    output.Append(pad).Append(key).Append(':');
                    // Like Helm's toYaml, a list under a key is not indented past the key.
                    WriteChild(output, value, value is JsonArray ? indent : indent + 2);
                }
                break;
            case JsonArray { Count: > 0 } a:
                foreach (var item in a)
                {
                    output.Append(pad).Append('-');
                    // A map item starts on the dash line's next line, indented past the dash.
                    WriteChild(output, item, indent + 2);
                }
                break;
            default:
                output.Append(pad).Append(Scalar(node)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder output, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            output.Append('\n');
            WriteNode(output, value, indent);
        }
        else
        {
            output.Append(' ').Append(Scalar(value)).Append('\n');
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonSerializer.Serialize(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };
}
