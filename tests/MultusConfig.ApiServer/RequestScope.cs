using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>Everything a write needs to know about the request besides the body.</summary>
internal sealed record RequestScope(ResourceType Type, string Version, string Namespace, string Name, string Subresource, UserInfo User, bool DryRun)
{
    public string ApiVersion => Type.ApiVersion(Version);

    /// <summary>fieldValidation: Strict rejects unknown fields, Warn (the default) reports them, Ignore drops them silently.</summary>
    public string FieldValidation { get; init; } = "Warn";

    public static RequestScope Internal(ResourceType type, string ns, string name, UserInfo user) =>
        new(type, type.StorageVersion, ns, name, "", user, DryRun: false);

    /// <summary>Shows a stored object in the version (and, for events.k8s.io, the shape) the client asked for.</summary>
    public JsonObject Present(JsonObject obj)
    {
        if (Type.SharedStorage is not null && ObjectMeta.Str(obj["apiVersion"]) == "v1")
        {
            obj = EventConversion.ToEventsV1(obj);
        }
        obj["apiVersion"] = ApiVersion;
        obj["kind"] = Type.Kind;
        return obj;
    }

    /// <summary>The form an incoming object is stored in: events.k8s.io Events become core Events.</summary>
    public JsonObject ToStorage(JsonObject obj) =>
        Type.SharedStorage is not null ? EventConversion.ToCore(obj) : Present(obj);
}
