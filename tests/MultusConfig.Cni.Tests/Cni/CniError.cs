using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.Cni;

/// <summary>The error object a plugin prints on failure: <c>{"code":…,"msg":…,"details":…}</c>.</summary>
public sealed record CniError(long Code, string Msg, string? Details)
{
    /// <summary>
    /// Parses a plugin's stdout as the spec's error object. Returns the problems instead when it is not
    /// one (a plugin that fails without a proper error breaks the runtime's error reporting).
    /// </summary>
    public static (CniError? Error, IReadOnlyList<string> Problems) Parse(string stdout)
    {
        var problems = new List<string>();
        JsonObject? obj;
        try
        {
            obj = JsonNode.Parse(stdout) as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, [$"error output is not JSON: {e.Message}"]);
        }
        if (obj is null)
        {
            return (null, ["error output is not a JSON object"]);
        }
        long code = 0;
        if (obj["code"] is not JsonValue c || !c.TryGetValue(out code) || code < 0)
        {
            problems.Add("error 'code' must be a non-negative integer");
        }
        if (obj["msg"] is not JsonValue m || !m.TryGetValue(out string? msg))
        {
            problems.Add("error 'msg' must be a string");
            msg = null;
        }
        string? details = null;
        if (obj["details"] is { } d && (d is not JsonValue dv || !dv.TryGetValue(out details)))
        {
            problems.Add("error 'details' must be a string");
        }
        foreach (var key in obj.Select(p => p.Key))
        {
            if (key is not ("cniVersion" or "code" or "msg" or "details"))
            {
                problems.Add($"unexpected key '{key}' in error object");
            }
        }
        return problems.Count == 0 ? (new CniError(code, msg!, details), problems) : (null, problems);
    }
}
