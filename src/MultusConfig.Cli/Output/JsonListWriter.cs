using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultusConfig.Cli.Output;

/// <summary>Writes NADs as one <c>v1</c> <c>List</c>, the shape <c>kubectl get -o json</c> prints for several objects.</summary>
public static class JsonListWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        // The default encoder escapes every quote inside spec.config as \u0022; the output is never
        // embedded in HTML, so only what JSON itself requires is escaped and the config stays legible.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(IEnumerable<JsonObject> items)
    {
        var list = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "List",
            ["items"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()),
            ["metadata"] = new JsonObject { ["resourceVersion"] = "" },
        };
        return list.ToJsonString(Options) + "\n";
    }
}
