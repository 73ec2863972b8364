using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer.Authorization;

/// <summary>
/// The server's own questions and answers: SubjectAccessReview ("may this user do this?"),
/// SelfSubjectAccessReview (kubectl auth can-i) and TokenReview ("who holds this token?"). Each is
/// answered from the same authenticator and authorizer that guard requests, and never stored.
/// </summary>
internal sealed class AccessReviews(ApiServerOptions options, RbacAuthorizer rbac)
{
    /// <summary>The decision for a request under the configured mode.</summary>
    public (bool Allowed, string Reason) Decide(AccessRequest request) =>
        options.Authorization == AuthorizationMode.Rbac ? rbac.Authorize(request) : (true, "");

    public UserInfo? UserOf(string token) => options.Tokens.TryGetValue(token, out var user) ? user : null;

    public JsonObject Answer(ResourceType type, JsonObject body, UserInfo requester)
    {
        var spec = body["spec"] as JsonObject ?? throw Invalid(type, FieldError.Required("spec"));
        JsonObject status;
        if (type == BuiltInResources.TokenReviews)
        {
            var token = ObjectMeta.Str(spec["token"]) ?? "";
            status = UserOf(token) is { } user
                ? new JsonObject { ["authenticated"] = true, ["user"] = UserJson(user) }
                : new JsonObject { ["user"] = new JsonObject(), ["error"] = "invalid bearer token" };
        }
        else
        {
            var subject = type == BuiltInResources.SelfSubjectAccessReviews ? requester : SubjectOf(type, spec);
            var (allowed, reason) = Decide(RequestOf(type, spec, subject));
            status = new JsonObject { ["allowed"] = allowed };
            if (reason.Length > 0)
            {
                status["reason"] = reason;
            }
        }
        return new JsonObject
        {
            ["kind"] = type.Kind,
            ["apiVersion"] = type.ApiVersion("v1"),
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = spec.DeepClone(),
            ["status"] = status,
        };
    }

    internal static JsonObject UserJson(UserInfo user)
    {
        var extra = new JsonObject();
        foreach (var (key, values) in user.Extra)
        {
            extra[key] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }
        var json = new JsonObject
        {
            ["username"] = user.Username,
            ["groups"] = new JsonArray(user.Groups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
        };
        if (extra.Count > 0)
        {
            json["extra"] = extra;
        }
        return json;
    }

    private static UserInfo SubjectOf(ResourceType type, JsonObject spec)
    {
        var user = ObjectMeta.Str(spec["user"]) ?? "";
        var groups = RbacRules.Strings(spec["groups"]).ToList();
        if (user.Length == 0 && groups.Count == 0)
        {
            throw Invalid(type, FieldError.Invalid("spec.user", "\"\"", "at least one of user or group must be specified"));
        }
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in spec["extra"] as JsonObject ?? [])
        {
            extra[key] = RbacRules.Strings(values).ToList();
        }
        return new UserInfo(user, groups) { Extra = extra };
    }

    private static AccessRequest RequestOf(ResourceType type, JsonObject spec, UserInfo subject)
    {
        var resource = spec["resourceAttributes"] as JsonObject;
        var nonResource = spec["nonResourceAttributes"] as JsonObject;
        if ((resource is null) == (nonResource is null))
        {
            throw Invalid(type, FieldError.Invalid("spec.resourceAttributes", "null", "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        if (nonResource is not null)
        {
            return AccessRequest.NonResource(subject, S(nonResource, "verb"), S(nonResource, "path"));
        }
        return new AccessRequest(subject, S(resource!, "verb"), S(resource!, "group"), S(resource!, "resource"), S(resource!, "subresource"), S(resource!, "namespace"), S(resource!, "name"));
    }

    private static string S(JsonObject o, string key) => ObjectMeta.Str(o[key]) ?? "";

    private static ApiException Invalid(ResourceType type, FieldError error) => ApiException.Invalid(type, "", [error]);
}
