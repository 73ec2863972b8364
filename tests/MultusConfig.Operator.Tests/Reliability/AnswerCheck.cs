using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MultusConfig.Operator.Tests.Admission;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The property every webhook answer must have: a 4xx, or a 200 carrying a well-formed AdmissionReview v1
/// (uid echoed, boolean <c>allowed</c>, a message on denials, a decodable JSONPatch on the mutate path, and
/// never the "internal error" denial that means a handler threw). Returns what is wrong, or null.
/// </summary>
internal static class AnswerCheck
{
    private static readonly HashSet<string> PatchOps = ["add", "remove", "replace", "move", "copy", "test"];

    public static string? Problem(int status, string? mediaType, ReadOnlySpan<byte> body, string path, string? expectedUid)
    {
        if (status is >= 400 and < 500) return null;
        if (status != 200) return $"HTTP {status}: {Head(body)}";
        if (mediaType != "application/json") return $"HTTP 200 with Content-Type {mediaType ?? "(none)"}: {Head(body)}";

        JsonObject review;
        try
        {
            review = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            return $"HTTP 200 whose body is not a JSON object ({e.Message}): {Head(body)}";
        }
        if (Str(review["apiVersion"]) != "admission.k8s.io/v1") return "apiVersion is not admission.k8s.io/v1: " + Head(body);
        if (Str(review["kind"]) != "AdmissionReview") return "kind is not AdmissionReview: " + Head(body);
        if (review["response"] is not JsonObject response) return "no response object: " + Head(body);
        if (Str(response["uid"]) is not { } uid) return "response.uid is not a string: " + Head(body);
        if (expectedUid is not null && uid != expectedUid) return $"response.uid {uid} is not the request's {expectedUid}";
        if (response["allowed"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) return "response.allowed is not a boolean: " + Head(body);

        var allowed = response["allowed"]!.GetValue<bool>();
        if (!allowed && Str(response["status"]?["message"]) is not { Length: > 0 }) return "a denial without status.message: " + Head(body);
        if (response["status"]?["code"] is JsonValue code && code.TryGetValue<int>(out var c) && c >= 500)
            return "the handler failed (internal-error denial): " + Head(body);
        if (response["patch"] is { } patch)
        {
            if (path != Reviews.MutatePath) return "a patch from the validating webhook: " + Head(body);
            if (Str(response["patchType"]) != "JSONPatch") return "a patch without patchType JSONPatch: " + Head(body);
            if (PatchProblem(Str(patch)) is { } problem) return problem + ": " + Head(body);
        }
        return null;
    }

    /// <summary>The uid the webhook must echo: request.uid when the body parses as the webhook parses it, else null (anything goes).</summary>
    public static string? ExpectedUid(byte[] body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body)) return null;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("request", out var request) && request.ValueKind == JsonValueKind.Object
                && request.TryGetProperty("uid", out var uid) && uid.ValueKind == JsonValueKind.String
                ? uid.GetString()
                : "";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or a uid that is no UTF-16 string (a lone surrogate escape): there is nothing to echo.
            return null;
        }
    }

    private static string? PatchProblem(string? base64)
    {
        if (base64 is null) return "patch is not a string";
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return "patch is not base64";
        }
        try
        {
            if (JsonNode.Parse(bytes) is not JsonArray operations) return "patch is not a JSON array";
            foreach (var operation in operations)
            {
                if (operation is not JsonObject o || Str(o["op"]) is not { } op || !PatchOps.Contains(op)) return "patch has an operation without a known op";
                if (Str(o["path"]) is not { } p || (p.Length > 0 && p[0] != '/')) return "patch has an operation without a JSON pointer path";
            }
        }
        catch (JsonException)
        {
            return "patch is not JSON";
        }
        return null;
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Head(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body[..Math.Min(body.Length, 400)]);
}
