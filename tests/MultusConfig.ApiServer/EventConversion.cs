using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>
/// events.k8s.io/v1 Events are stored as core v1 Events, as in the real server, so each Event is
/// visible through both APIs. Field renames follow k8s.io/kubernetes pkg/apis/events/v1/conversion.go.
/// </summary>
internal static class EventConversion
{
    // events.k8s.io/v1 name -> core v1 name; fields not listed keep their name.
    private static readonly (string V1, string Core)[] Renames =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
        ("reportingController", "reportingComponent"),
    ];

    public static JsonObject ToCore(JsonObject v1) => Rename(v1, toCore: true, "v1");

    public static JsonObject ToEventsV1(JsonObject core) => Rename(core, toCore: false, "events.k8s.io/v1");

    private static JsonObject Rename(JsonObject source, bool toCore, string apiVersion)
    {
        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            var renamed = Renames.FirstOrDefault(r => (toCore ? r.V1 : r.Core) == key);
            var name = renamed == default ? key : (toCore ? renamed.Core : renamed.V1);
            result[name] = value?.DeepClone();
        }
        result["apiVersion"] = apiVersion;
        result["kind"] = "Event";
        return result;
    }
}
