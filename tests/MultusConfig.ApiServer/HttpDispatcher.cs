using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MultusConfig.ApiServer.Admission;
using MultusConfig.ApiServer.Authorization;

namespace MultusConfig.ApiServer;

/// <summary>
/// The HTTP face of the double: logs the request, applies injected faults, serves discovery, and
/// routes resource requests to the registry logic. Every failure leaves as a Status object.
/// </summary>
internal sealed partial class HttpDispatcher(ResourceHandlers handlers, FaultInjector faults, RequestLog log, ApiServerOptions options, Func<string> serverAddress, AccessReviews reviews)
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var watch = IsTrue(request.Query["watch"]);
        var info = RequestInfo.Parse(request.Method, request.Path.Value ?? "/", watch);
        // The name authorization sees (RBAC resourceNames); routing still treats the request as a list or watch.
        var authorizedName = info?.WithNameFromFieldSelector(request.Query["fieldSelector"].FirstOrDefault()).Name;
        var record = new RequestRecord
        {
            Time = DateTimeOffset.UtcNow,
            Method = request.Method,
            Verb = info?.Verb ?? request.Method.ToLowerInvariant(),
            Path = request.Path.Value ?? "/",
            Query = request.QueryString.Value ?? "",
            Resource = info?.Resource,
            Subresource = info is { Subresource.Length: > 0 } ? info.Subresource : null,
            Namespace = info is { Namespace.Length: > 0 } ? info.Namespace : null,
            Name = authorizedName is { Length: > 0 } ? authorizedName : null,
            UserAgent = request.Headers.UserAgent.ToString(),
            ContentType = request.ContentType,
            Accept = request.Headers.Accept.ToString(),
        };
        log.Add(record);
        RequestWarnings.Reset();
        try
        {
            var user = Authenticate(request);
            Authorize(user, info, request);
            if (info is null)
            {
                await ServeNonResourceAsync(context).ConfigureAwait(false);
            }
            else
            {
                await faults.WaitAsync(info.Verb, info.Resource, context.RequestAborted).ConfigureAwait(false);
                if (faults.NextFailure(info.Verb, info.Resource, info.Name) is { } fault)
                {
                    throw fault;
                }
                await ServeResourceAsync(context, info, user).ConfigureAwait(false);
            }
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(context, e).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, ApiException.BadRequest($"error decoding request body: {e.Message}")).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            // A body of the wrong shape (e.g. "metadata": "x") surfaces here; the real decoder answers 400 too.
            await WriteErrorAsync(context, ApiException.BadRequest($"the object could not be decoded: {e.Message}")).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            record.StatusCode = context.Response.StatusCode;
        }
    }

    private UserInfo Authenticate(HttpRequest request)
    {
        var user = UserInfo.Anonymous;
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            var token = auth["Bearer ".Length..].Trim();
            user = reviews.UserOf(token) ?? throw Unauthorized();
        }
        else if (!options.AllowAnonymous)
        {
            throw Unauthorized();
        }
        var impersonate = request.Headers["Impersonate-User"].ToString();
        if (impersonate.Length > 0)
        {
            var groups = request.Headers["Impersonate-Group"].Select(g => g ?? "").Where(g => g.Length > 0).ToList();
            // Impersonating is itself a permission (verb impersonate on users and groups), as in the real server's filter.
            foreach (var (resource, name) in groups.Select(g => ("groups", g)).Prepend(("users", impersonate)))
            {
                var access = new AccessRequest(user, "impersonate", "", resource, "", "", name);
                if (!reviews.Decide(access).Allowed)
                {
                    throw access.Forbidden();
                }
            }
            user = new UserInfo(impersonate, groups.Append("system:authenticated").Distinct().ToList());
        }
        return user;
    }

    private static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    /// <summary>Every request, resource or not, passes the authorizer before anything else is done with it.</summary>
    private void Authorize(UserInfo user, RequestInfo? info, HttpRequest request)
    {
        var access = info is null
            ? AccessRequest.NonResource(user, request.Method == "HEAD" ? "get" : request.Method.ToLowerInvariant(), request.Path.Value ?? "/")
            : new AccessRequest(user, info.Verb, info.Group, info.Resource, info.Subresource, info.Namespace, info.Name);
        if (!reviews.Decide(access).Allowed)
        {
            throw access.Forbidden();
        }
    }

    private async Task ServeNonResourceAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "/").TrimEnd('/');
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        JsonObject? body = parts switch
        {
            ["version"] => Discovery.Version(),
            ["api"] => Discovery.CoreVersions(serverAddress()),
            ["api", var v] => Discovery.Resources(handlers.Registry, "", v),
            ["apis"] => Discovery.Groups(handlers.Registry),
            ["apis", var g] => Discovery.Group(handlers.Registry, g),
            ["apis", var g, var v] => Discovery.Resources(handlers.Registry, g, v),
            _ => null,
        };
        if (parts is ["openapi", "v2"])
        {
            // kube-openapi accepts the "@v1.0" subtype but answers with ".v1.0": Go's mime parser refuses the '@',
            // which turned kubectl's "no matches for kind" into "mime: unexpected content after media subtype".
            context.Response.ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
            await context.Response.Body.WriteAsync(OpenApi.EmptyV2Protobuf(), context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (parts is ["openapi", "v3", ..])
        {
            body = parts.Length == 2 ? OpenApi.Root(handlers.Registry) : OpenApi.Document(handlers.Registry, string.Join('/', parts[2..]));
        }
        if (parts is ["healthz" or "livez" or "readyz"])
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("ok", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (body is null)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }
        await WriteJsonAsync(context, 200, body).ConfigureAwait(false);
    }

    private async Task ServeResourceAsync(HttpContext context, RequestInfo info, UserInfo user)
    {
        var type = handlers.Registry.Find(info.Group, info.Version, info.Resource)
            ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        if (info.Namespace.Length > 0 && !type.Namespaced)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }
        var subresourceOk = info.Subresource.Length == 0 || (info.Subresource == "status" && type.HasStatus) || (info.Subresource == "finalize" && type == BuiltInResources.Namespaces);
        if (!subresourceOk)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", new JsonObject());
        }
        if (type.IsReview)
        {
            var body = info.Verb == "create" ? await ReadJsonAsync(context).ConfigureAwait(false) as JsonObject : throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
            await WriteJsonAsync(context, 201, reviews.Answer(type, body ?? throw ApiException.BadRequest("the review has no body"), user)).ConfigureAwait(false);
            return;
        }
        var query = context.Request.Query;
        var dryRun = query["dryRun"].Any(v => v == "All");
        var fieldValidation = query["fieldValidation"].FirstOrDefault() ?? "Warn";
        if (fieldValidation is not ("Strict" or "Warn" or "Ignore"))
        {
            throw ApiException.BadRequest($"fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\", not \"{fieldValidation}\"");
        }
        var scope = new RequestScope(type, info.Version, info.Namespace, info.Name, info.Subresource, user, dryRun) { FieldValidation = fieldValidation };
        switch (info.Verb)
        {
            case "get":
                await WriteObjectAsync(context, 200, type, info.Version, handlers.Get(scope)).ConfigureAwait(false);
                break;
            case "list":
                await WriteListAsync(context, scope).ConfigureAwait(false);
                break;
            case "watch":
                await WatchAsync(context, scope).ConfigureAwait(false);
                break;
            case "create":
            {
                var created = await handlers.CreateAsync(scope, await ReadJsonAsync(context).ConfigureAwait(false)).ConfigureAwait(false);
                await WriteObjectAsync(context, 201, type, info.Version, created).ConfigureAwait(false);
                break;
            }
            case "update":
            {
                var updated = info.Subresource == "finalize"
                    ? Finalize(scope, await ReadJsonAsync(context).ConfigureAwait(false))
                    : await handlers.UpdateAsync(scope, await ReadJsonAsync(context).ConfigureAwait(false)).ConfigureAwait(false);
                await WriteObjectAsync(context, 200, type, info.Version, updated).ConfigureAwait(false);
                break;
            }
            case "patch":
            {
                var body = await ReadTextAsync(context).ConfigureAwait(false);
                var patched = await handlers.PatchAsync(scope, context.Request.ContentType ?? "", body).ConfigureAwait(false);
                await WriteObjectAsync(context, 200, type, info.Version, patched).ConfigureAwait(false);
                break;
            }
            case "delete":
            {
                var text = await ReadTextAsync(context).ConfigureAwait(false);
                var options = DeleteOptions.FromJson(text.Length == 0 ? null : JsonNode.Parse(text), query["propagationPolicy"].FirstOrDefault(), dryRun);
                scope = scope with { DryRun = options.DryRun };
                var (obj, gone) = await handlers.DeleteAsync(scope, options).ConfigureAwait(false);
                var response = gone && !type.IsCustom ? SuccessStatus(type, obj) : obj;
                await WriteJsonAsync(context, 200, response).ConfigureAwait(false);
                break;
            }
            case "deletecollection":
                await DeleteCollectionAsync(context, scope).ConfigureAwait(false);
                break;
            default:
                throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    /// <summary>PUT namespaces/{name}/finalize: the only way to change a Namespace's spec.finalizers.</summary>
    private JsonObject Finalize(RequestScope scope, JsonNode? body)
    {
        var current = handlers.Store.Get(scope.Type, "", scope.Name) ?? throw ApiException.NotFound(scope.Type, scope.Name);
        var updated = current.DeepClone().AsObject();
        updated["spec"] = body?["spec"]?.DeepClone() ?? new JsonObject();
        var result = handlers.Store.Replace(scope.Type, updated, ObjectMeta.ResourceVersion(current))
            ?? throw ApiException.Conflict(scope.Type, scope.Name, "the object has been modified; please apply your changes to the latest version and try again");
        return scope.Present(result.Object);
    }

    private static JsonObject SuccessStatus(ResourceType type, JsonObject obj)
    {
        var details = type.Details(ObjectMeta.Name(obj));
        details["uid"] = ObjectMeta.Uid(obj);
        return new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["details"] = details,
        };
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType ?? "application/json";
        if (contentType.StartsWith(ProtobufBodies.ContentType, StringComparison.Ordinal))
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            return ProtobufBodies.Decode(buffer.ToArray());
        }
        var text = await ReadTextAsync(context).ConfigureAwait(false);
        if (!contentType.StartsWith("application/json", StringComparison.Ordinal) && !contentType.StartsWith("*/*", StringComparison.Ordinal))
        {
            throw ApiException.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: application/json, application/vnd.kubernetes.protobuf");
        }
        return JsonNode.Parse(text);
    }

    private static async Task<string> ReadTextAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteObjectAsync(HttpContext context, int status, ResourceType type, string version, JsonObject obj)
    {
        if (TableConverter.Wanted(context.Request.Headers.Accept.ToString()))
        {
            var table = TableConverter.ToTable(type, version, [obj], ObjectMeta.ResourceVersion(obj), null, context.Request.Query["includeObject"].FirstOrDefault());
            await WriteJsonAsync(context, status, table).ConfigureAwait(false);
            return;
        }
        await WriteJsonAsync(context, status, obj).ConfigureAwait(false);
    }

    internal static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        foreach (var w in RequestWarnings.Current)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{w.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
        await context.Response.WriteAsync(body.ToJsonString(Compact), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteErrorAsync(HttpContext context, ApiException e)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        if (e.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await WriteJsonAsync(context, e.Code, e.ToStatus()).ConfigureAwait(false);
    }

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues v) => v.Any(s => s is "true" or "1");
}
