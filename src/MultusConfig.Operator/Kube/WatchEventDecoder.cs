using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// One watch line, <c>{"type":"ADDED","object":{…}}</c>, read in one pass: the object is deserialized straight from
/// the line as <typeparamref name="T"/>, or as a Status for an ERROR event, which is thrown as a
/// <see cref="KubeApiException"/> carrying the Status' code and reason (410 Expired/Gone: the resourceVersion is too
/// old, list again). An event that cannot be decoded is a <see cref="JsonException"/>: skipping it would lose a change.
/// </summary>
internal static class WatchEventDecoder
{
    public static WatchEvent<T> Decode<T>(ReadOnlySpan<byte> line, JsonTypeInfo<T> type)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a watch event is not a JSON object: " + Excerpt(line));
        string? eventType = null;
        var objectReader = default(Utf8JsonReader);
        var hasObject = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isObject = !isType && reader.ValueTextEquals("object"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String) eventType = reader.GetString();
            if (isObject)
            {
                // A copy of the reader remembers where the object starts; the type may come after it.
                objectReader = reader;
                hasObject = true;
            }
            reader.Skip();
        }
        if (!hasObject) throw new JsonException("a watch event without an object: " + Excerpt(line));
        var kind = eventType switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => throw Error(ref objectReader, line),
            _ => throw new JsonException($"a watch event of unknown type \"{eventType}\": {Excerpt(line)}"),
        };
        var obj = JsonSerializer.Deserialize(ref objectReader, type) ?? throw new JsonException("a watch event with a null object: " + Excerpt(line));
        return new WatchEvent<T>(kind, obj);
    }

    private static KubeApiException Error(ref Utf8JsonReader objectReader, ReadOnlySpan<byte> line)
    {
        var status = JsonSerializer.Deserialize(ref objectReader, KubeJsonContext.Default.V1Status);
        var code = status?.Code is { } c and >= 100 and < 600 ? (HttpStatusCode)c : HttpStatusCode.InternalServerError;
        return new KubeApiException(code, status?.Reason, status?.Message, body: Excerpt(line)) { IsWatchEvent = true };
    }

    private static string Excerpt(ReadOnlySpan<byte> line) => KubeClient.Truncate(Encoding.UTF8.GetString(line[..Math.Min(line.Length, KubeClient.MaxBodyInException)]));
}
