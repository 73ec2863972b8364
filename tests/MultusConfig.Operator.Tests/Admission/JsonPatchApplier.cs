using System.Text.Json.Nodes;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>
/// Applies add/replace/remove as RFC 6902 defines them (strictly: replace and remove need an existing
/// member, add needs an existing parent), so a patch that only works by luck fails the test.
/// </summary>
internal static class JsonPatchApplier
{
    public static JsonNode Apply(JsonNode document, JsonArray patch)
    {
        var result = document.DeepClone();
        foreach (var opNode in patch)
        {
            var op = (string)opNode!["op"]!;
            var path = (string)opNode["path"]!;
            var segments = path.Split('/').Skip(1).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(segments);
            var parent = result;
            foreach (var segment in segments.SkipLast(1))
                parent = parent is JsonArray a ? a[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]! : parent[segment] ?? throw new InvalidOperationException($"{path}: parent missing");
            var last = segments[^1];
            var target = Assert.IsType<JsonObject>(parent);
            switch (op)
            {
                case "add":
                    target[last] = opNode["value"]?.DeepClone();
                    break;
                case "replace":
                    Assert.True(target.ContainsKey(last), $"replace of missing {path}");
                    target[last] = opNode["value"]?.DeepClone();
                    break;
                case "remove":
                    Assert.True(target.Remove(last), $"remove of missing {path}");
                    break;
                default:
                    Assert.Fail($"unexpected op {op}");
                    break;
            }
        }
        return result;
    }
}
