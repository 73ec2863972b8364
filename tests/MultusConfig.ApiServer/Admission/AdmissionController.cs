using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MultusConfig.ApiServer.Patching;

namespace MultusConfig.ApiServer.Admission;

/// <summary>
/// Dynamic admission as the real server runs it: every matching webhook of every
/// MutatingWebhookConfiguration (in name order, patches applied in turn), then every matching
/// ValidatingWebhookConfiguration webhook. failurePolicy, timeoutSeconds, sideEffects and dryRun
/// behave as documented; a denial becomes the real "admission webhook ... denied the request" Status.
/// </summary>
internal sealed class AdmissionController(ObjectStore store, WebhookClient client)
{
    public async Task<JsonObject> MutateAsync(string operation, RequestScope scope, JsonObject? obj, JsonObject? old, Action<JsonObject>? afterPatch)
    {
        foreach (var (_, webhook) in Matching(BuiltInResources.MutatingWebhooks, operation, scope, obj, old))
        {
            var response = await CallAsync(webhook, operation, scope, obj, old).ConfigureAwait(false);
            if (response?["patch"] is JsonValue patchValue && obj is not null)
            {
                if (ObjectMeta.Str(response["patchType"]) != "JSONPatch")
                {
                    Fail(webhook, $"received invalid webhook response: expected patchType JSONPatch, got {ObjectMeta.Str(response["patchType"])}");
                    continue;
                }
                var ops = JsonNode.Parse(Convert.FromBase64String(patchValue.GetValue<string>())) as JsonArray ?? [];
                try
                {
                    obj = JsonPatch.Apply(obj, ops) as JsonObject ?? throw new PatchException("patch removed the object");
                }
                catch (PatchException e)
                {
                    throw new ApiException(500, "InternalError", $"Internal error occurred: failed calling webhook \"{Name(webhook)}\": {e.Message}");
                }
                afterPatch?.Invoke(obj);
            }
        }
        return obj!;
    }

    public async Task ValidateAsync(string operation, RequestScope scope, JsonObject? obj, JsonObject? old)
    {
        foreach (var (_, webhook) in Matching(BuiltInResources.ValidatingWebhooks, operation, scope, obj, old))
        {
            var response = await CallAsync(webhook, operation, scope, obj, old).ConfigureAwait(false);
            if (response?["patch"] is not null)
            {
                Fail(webhook, "validating webhook may not return a patch");
            }
        }
    }

    private IEnumerable<(JsonObject Config, JsonObject Webhook)> Matching(ResourceType configType, string operation, RequestScope scope, JsonObject? obj, JsonObject? old)
    {
        // Webhook configurations are never subject to webhooks, so a broken webhook cannot lock itself in.
        if (scope.Type == BuiltInResources.MutatingWebhooks || scope.Type == BuiltInResources.ValidatingWebhooks)
        {
            yield break;
        }
        var (configs, _) = store.List(configType, null);
        foreach (var config in configs)
        {
            foreach (var webhook in (config["webhooks"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (WebhookMatcher.RulesMatch(webhook, operation, scope)
                    && WebhookMatcher.NamespaceMatches(webhook, scope, obj, old, ns => store.Get(BuiltInResources.Namespaces, "", ns))
                    && WebhookMatcher.ObjectMatches(webhook, obj, old))
                {
                    yield return (config, webhook);
                }
            }
        }
    }

    private async Task<JsonObject?> CallAsync(JsonObject webhook, string operation, RequestScope scope, JsonObject? obj, JsonObject? old)
    {
        var name = Name(webhook);
        if (scope.DryRun && ObjectMeta.Str(webhook["sideEffects"]) is not ("None" or "NoneOnDryRun"))
        {
            throw ApiException.BadRequest($"admission webhook \"{name}\" does not support dry run");
        }
        var uid = Guid.NewGuid().ToString();
        var review = new JsonObject
        {
            ["kind"] = "AdmissionReview",
            ["apiVersion"] = "admission.k8s.io/v1",
            ["request"] = BuildRequest(uid, operation, scope, obj, old),
        };
        var timeout = TimeSpan.FromSeconds(ObjectMeta.Int(webhook["timeoutSeconds"]) ?? 10);
        var clientConfig = webhook["clientConfig"] as JsonObject ?? [];
        string url;
        try
        {
            url = WebhookClient.BuildUrl(clientConfig, timeout);
        }
        catch (InvalidOperationException e)
        {
            return Fail(webhook, e.Message);
        }
        try
        {
            var (status, body) = await client.PostAsync(url, clientConfig, review.ToJsonString(), timeout).ConfigureAwait(false);
            if (status != HttpStatusCode.OK)
            {
                return Fail(webhook, $"failed to call webhook: the server responded with the status code {(int)status}");
            }
            var response = JsonNode.Parse(body)?["response"] as JsonObject;
            if (response is null)
            {
                return Fail(webhook, "received invalid webhook response: response is empty");
            }
            if (ObjectMeta.Str(response["uid"]) != uid)
            {
                return Fail(webhook, $"received invalid webhook response: expected response.uid=\"{uid}\", got \"{ObjectMeta.Str(response["uid"])}\"");
            }
            if (response["warnings"] is JsonArray warnings)
            {
                RequestWarnings.Current.AddRange(warnings.Select(ObjectMeta.Str).OfType<string>());
            }
            if (response["allowed"]?.GetValueKind() != JsonValueKind.True)
            {
                throw Denied(name, response["status"] as JsonObject);
            }
            return response;
        }
        catch (ApiException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return Fail(webhook, $"failed to call webhook: Post \"{url}\": context deadline exceeded");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or IOException or InvalidOperationException or FormatException)
        {
            return Fail(webhook, $"failed to call webhook: Post \"{url}\": {Innermost(e).Message}");
        }
    }

    private static JsonObject BuildRequest(string uid, string operation, RequestScope scope, JsonObject? obj, JsonObject? old)
    {
        var kind = new JsonObject { ["group"] = scope.Type.Group, ["version"] = scope.Version, ["kind"] = scope.Type.Kind };
        var resource = new JsonObject { ["group"] = scope.Type.Group, ["version"] = scope.Version, ["resource"] = scope.Type.Plural };
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = kind,
            ["resource"] = resource,
        };
        if (scope.Subresource.Length > 0)
        {
            request["subResource"] = scope.Subresource;
        }
        request["requestKind"] = kind.DeepClone();
        request["requestResource"] = resource.DeepClone();
        if (scope.Subresource.Length > 0)
        {
            request["requestSubResource"] = scope.Subresource;
        }
        var name = obj is not null ? ObjectMeta.Name(obj) : scope.Name;
        if (name.Length > 0)
        {
            request["name"] = name;
        }
        if (scope.Namespace.Length > 0)
        {
            request["namespace"] = scope.Namespace;
        }
        request["operation"] = operation;
        request["userInfo"] = Authorization.AccessReviews.UserJson(scope.User);
        request["object"] = obj?.DeepClone();
        request["oldObject"] = old?.DeepClone();
        request["dryRun"] = scope.DryRun;
        request["options"] = new JsonObject
        {
            ["kind"] = operation switch { "CREATE" => "CreateOptions", "UPDATE" => "UpdateOptions", _ => "DeleteOptions" },
            ["apiVersion"] = "meta.k8s.io/v1",
        };
        return request;
    }

    /// <summary>failurePolicy: Ignore skips the webhook, Fail (the default) fails the request with a 500.</summary>
    private static JsonObject? Fail(JsonObject webhook, string why)
    {
        if (ObjectMeta.Str(webhook["failurePolicy"]) == "Ignore")
        {
            return null;
        }
        throw new ApiException(500, "InternalError", $"Internal error occurred: failed calling webhook \"{Name(webhook)}\": {why}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = $"failed calling webhook \"{Name(webhook)}\": {why}" }) });
    }

    /// <summary>apiserver's webhookerrors.ToStatusErr: code at least 400, message prefixed with who denied.</summary>
    private static ApiException Denied(string name, JsonObject? status)
    {
        var code = ObjectMeta.Int(status?["code"]) ?? 0;
        if (code < 400)
        {
            code = 400;
        }
        var message = ObjectMeta.Str(status?["message"]);
        var reason = ObjectMeta.Str(status?["reason"]);
        var deniedBy = $"admission webhook \"{name}\" denied the request";
        var text = message is { Length: > 0 } ? $"{deniedBy}: {message}"
            : reason is { Length: > 0 } ? $"{deniedBy}: {reason}"
            : $"{deniedBy} without explanation";
        return new ApiException(code, reason ?? "", text, status?["details"]?.DeepClone() as JsonObject);
    }

    private static string Name(JsonObject webhook) => ObjectMeta.Str(webhook["name"]) ?? "";

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }

    public static List<FieldError> ValidateConfiguration(JsonObject config)
    {
        var errors = new List<FieldError>();
        var webhooks = (config["webhooks"] as JsonArray ?? []).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < webhooks.Count; i++)
        {
            var w = webhooks[i] as JsonObject ?? [];
            var path = $"webhooks[{i}]";
            var name = ObjectMeta.Str(w["name"]) ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required($"{path}.name"));
            }
            else if (name.Split('.').Length < 3)
            {
                errors.Add(FieldError.Invalid($"{path}.name", $"\"{name}\"", "should be a domain with at least three segments separated by dots"));
            }
            else if (!names.Add(name))
            {
                errors.Add(new FieldError($"{path}.name", "FieldValueDuplicate", "", $"\"{name}\""));
            }
            if (w["admissionReviewVersions"] is not JsonArray versions || !versions.Any(v => ObjectMeta.Str(v) == "v1"))
            {
                errors.Add(FieldError.Required($"{path}.admissionReviewVersions", "must specify one of v1"));
            }
            if (ObjectMeta.Str(w["sideEffects"]) is not ("None" or "NoneOnDryRun"))
            {
                errors.Add(FieldError.NotSupported($"{path}.sideEffects", $"\"{ObjectMeta.Str(w["sideEffects"])}\"", ["\"None\"", "\"NoneOnDryRun\""]));
            }
            var cc = w["clientConfig"] as JsonObject;
            if ((cc?["url"] is null) == (cc?["service"] is null))
            {
                errors.Add(FieldError.Required($"{path}.clientConfig", "exactly one of url or service is required"));
            }
            if (w["timeoutSeconds"] is JsonValue t && ObjectMeta.Int(t) is < 1 or > 30)
            {
                errors.Add(FieldError.Invalid($"{path}.timeoutSeconds", t.ToJsonString(), "the timeout value must be between 1 and 30 seconds"));
            }
        }
        return errors;
    }
}
