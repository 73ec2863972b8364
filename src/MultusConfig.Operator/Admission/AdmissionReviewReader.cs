using System.Text.Json;
using System.Text.Unicode;

namespace MultusConfig.Operator.Admission;

/// <summary>
/// Turns a request body into an AdmissionReview, or says why it cannot. Syntax problems (not UTF-8, not
/// JSON, duplicate keys, nesting too deep, not an object) have no review to answer with; a JSON object that
/// fails to bind still yields the uid when one can be found, so the denial can be matched to its request.
/// </summary>
public static class AdmissionReviewReader
{
    /// <summary>Far deeper than any SMC or its managedFields; shallow enough that no input can exhaust the stack.</summary>
    public const int MaxDepth = 64;

    private const string LoneSurrogate = "the request body has a \\u escape that is not valid UTF-16 (a lone surrogate)";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = MaxDepth,
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    public static AdmissionReviewReadResult Read(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty) return AdmissionReviewReadResult.Unreadable("the request body is empty");
        if (!Utf8.IsValid(body.Span)) return AdmissionReviewReadResult.Unreadable("the request body is not valid UTF-8");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            return AdmissionReviewReadResult.Unreadable("the request body is not valid JSON: " + e.Message);
        }
        catch (InvalidOperationException)
        {
            // The duplicate-key check unescapes property names, and a lone surrogate escape in one throws this.
            return AdmissionReviewReadResult.Unreadable(LoneSurrogate);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return AdmissionReviewReadResult.Unreadable($"the request body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an AdmissionReview object");
            // Valid JSON may still escape a lone surrogate ("\ud800"), which no .NET string can hold: every later
            // read of it throws, in the handlers and even while logging a failure. The API server never sends one.
            if (MayEscapeSurrogates(body.Span) && !StringsAreUtf16(root))
                return AdmissionReviewReadResult.Unreadable(LoneSurrogate);

            var uid = FindUid(root);
            AdmissionReview? review;
            try
            {
                review = root.Deserialize(AdmissionJsonContext.Default.AdmissionReview);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException)
            {
                return AdmissionReviewReadResult.Malformed(uid, "the body is not an AdmissionReview: " + e.Message);
            }
            if (review is null) return AdmissionReviewReadResult.Malformed(uid, "the body is not an AdmissionReview");
            if (review.ApiVersion != AdmissionReview.V1ApiVersion || review.Kind != AdmissionReview.ReviewKind)
                return AdmissionReviewReadResult.Malformed(uid,
                    $"expected apiVersion {AdmissionReview.V1ApiVersion} and kind {AdmissionReview.ReviewKind}, got apiVersion {Shown(review.ApiVersion)} and kind {Shown(review.Kind)}");
            if (review.Request is not { } request) return AdmissionReviewReadResult.Malformed(uid, "request is missing");
            if (string.IsNullOrEmpty(request.Uid)) return AdmissionReviewReadResult.Malformed("", "request.uid is missing");
            if (!AdmissionOperations.IsKnown(request.Operation))
                return AdmissionReviewReadResult.Malformed(request.Uid, $"request.operation {Shown(request.Operation)} is not one of CREATE, UPDATE, DELETE, CONNECT");
            return AdmissionReviewReadResult.Ok(request);
        }
    }

    /// <summary>A client's value inside a problem: quoted, cut and escaped (<see cref="LogText"/>), since problems are logged.</summary>
    internal static string Shown(string? value) => value is null ? "(none)" : LogText.Quote(value);

    /// <summary>Cheap pre-check: a surrogate escape is <c>\u</c> then <c>d</c> or <c>D</c>; most bodies have none.</summary>
    private static bool MayEscapeSurrogates(ReadOnlySpan<byte> body)
    {
        var rest = body;
        while (rest.IndexOf("\\u"u8) is var i and >= 0)
        {
            if (i + 2 < rest.Length && rest[i + 2] is (byte)'d' or (byte)'D') return true;
            rest = rest[(i + 2)..];
        }
        return false;
    }

    /// <summary>Whether every property name and string value unescapes to valid UTF-16 (depth is bounded by <see cref="MaxDepth"/>).</summary>
    private static bool StringsAreUtf16(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                        if (!StringsAreUtf16(item)) return false;
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!StringsAreUtf16(property.Value)) return false;
                    }
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string FindUid(JsonElement root) =>
        root.TryGetProperty("request", out var request) && request.ValueKind == JsonValueKind.Object
        && request.TryGetProperty("uid", out var uid) && uid.ValueKind == JsonValueKind.String
            ? uid.GetString() ?? ""
            : "";
}

/// <summary>What the reader made of a body: a request to handle, a review-level problem to deny, or nothing usable (HTTP 400).</summary>
public sealed record AdmissionReviewReadResult(AdmissionRequest? Request, string Uid, string? Problem, bool IsReview)
{
    public static AdmissionReviewReadResult Ok(AdmissionRequest request) => new(request, request.Uid ?? "", null, true);

    public static AdmissionReviewReadResult Malformed(string uid, string problem) => new(null, uid, problem, true);

    public static AdmissionReviewReadResult Unreadable(string problem) => new(null, "", problem, false);
}
