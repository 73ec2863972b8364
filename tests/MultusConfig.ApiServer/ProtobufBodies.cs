using System.Text;
using System.Text.Json.Nodes;

namespace MultusConfig.ApiServer;

/// <summary>
/// Decodes the protobuf request bodies kubectl's typed clients send (`kubectl create namespace`,
/// `create configmap`, `create secret`): the "k8s\0" envelope around runtime.Unknown, then the
/// Namespace, ConfigMap or Secret message with the ObjectMeta fields a client sets on create.
/// Field numbers are those of k8s.io/api/core/v1/generated.proto and apimachinery's generated.proto.
/// Responses stay JSON, which those clients accept.
/// </summary>
internal static class ProtobufBodies
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < 4 || !body.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw ApiException.BadRequest("protobuf body does not start with the k8s envelope");
        }
        string apiVersion = "", kind = "";
        byte[] raw = [];
        foreach (var (field, value) in Fields(body.AsMemory(4)))
        {
            switch (field)
            {
                case 1:
                    foreach (var (f, v) in Fields(value))
                    {
                        if (f == 1) { apiVersion = Text(v); }
                        if (f == 2) { kind = Text(v); }
                    }
                    break;
                case 2:
                    raw = value.ToArray();
                    break;
            }
        }
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (field, value) in Fields(raw))
        {
            switch ((kind, field))
            {
                case (_, 1):
                    obj["metadata"] = Meta(value);
                    break;
                case ("ConfigMap", 2):
                    AddEntry(obj, "data", value, base64: false);
                    break;
                case ("ConfigMap", 3):
                    AddEntry(obj, "binaryData", value, base64: true);
                    break;
                case ("Secret", 2):
                    AddEntry(obj, "data", value, base64: true);
                    break;
                case ("Secret", 3):
                    obj["type"] = Text(value);
                    break;
                case ("Secret", 4):
                    AddEntry(obj, "stringData", value, base64: false);
                    break;
                case ("Namespace", 2):
                    break; // spec.finalizers is set by the server
                case ("SelfSubjectAccessReview" or "SubjectAccessReview", 2):
                    obj["spec"] = AccessReviewSpec(value);
                    break;
                case ("Namespace" or "ConfigMap" or "Secret" or "SelfSubjectAccessReview" or "SubjectAccessReview", _):
                    break;
                default:
                    throw ApiException.UnsupportedMediaType($"the API server double decodes protobuf only for Namespace, ConfigMap, Secret and (Self)SubjectAccessReview, not {kind}; send JSON");
            }
        }
        return obj;
    }

    private static JsonObject Meta(ReadOnlyMemory<byte> bytes)
    {
        var meta = new JsonObject();
        foreach (var (field, value) in Fields(bytes))
        {
            switch (field)
            {
                case 1: meta["name"] = Text(value); break;
                case 2: meta["generateName"] = Text(value); break;
                case 3: meta["namespace"] = Text(value); break;
                case 11: AddEntry(meta, "labels", value, base64: false); break;
                case 12: AddEntry(meta, "annotations", value, base64: false); break;
                case 14: (meta["finalizers"] ??= new JsonArray()).AsArray().Add(Text(value)); break;
            }
        }
        return meta;
    }

    /// <summary>
    /// (Self)SubjectAccessReviewSpec of k8s.io/api/authorization/v1/generated.proto, as `kubectl auth can-i` sends it:
    /// 1 resourceAttributes {1 namespace, 2 verb, 3 group, 4 version, 5 resource, 6 subresource, 7 name},
    /// 2 nonResourceAttributes {1 path, 2 verb}, and for SubjectAccessReview 3 user, 4 groups, 6 uid.
    /// </summary>
    private static JsonObject AccessReviewSpec(ReadOnlyMemory<byte> bytes)
    {
        string[] resourceNames = ["namespace", "verb", "group", "version", "resource", "subresource", "name"];
        var spec = new JsonObject();
        foreach (var (field, value) in Fields(bytes))
        {
            switch (field)
            {
                case 1:
                    var resource = new JsonObject();
                    foreach (var (f, v) in Fields(value).Where(f => f.Field <= resourceNames.Length))
                    {
                        resource[resourceNames[f - 1]] = Text(v);
                    }
                    spec["resourceAttributes"] = resource;
                    break;
                case 2:
                    var nonResource = new JsonObject();
                    foreach (var (f, v) in Fields(value).Where(f => f.Field is 1 or 2))
                    {
                        nonResource[f == 1 ? "path" : "verb"] = Text(v);
                    }
                    spec["nonResourceAttributes"] = nonResource;
                    break;
                case 3: spec["user"] = Text(value); break;
                case 4: (spec["groups"] ??= new JsonArray()).AsArray().Add(Text(value)); break;
                case 6: spec["uid"] = Text(value); break;
            }
        }
        return spec;
    }

    /// <summary>A map entry message {1: key, 2: value}.</summary>
    private static void AddEntry(JsonObject target, string name, ReadOnlyMemory<byte> entry, bool base64)
    {
        string key = "", value = "";
        foreach (var (f, v) in Fields(entry))
        {
            if (f == 1) { key = Text(v); }
            if (f == 2) { value = base64 ? Convert.ToBase64String(v.Span) : Text(v); }
        }
        var map = target[name] as JsonObject ?? [];
        map[key] = value;
        target[name] = map;
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    /// <summary>The length-delimited fields of a message; varint fields yield an empty value.</summary>
    private static List<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, ReadOnlyMemory<byte>)>();
        var span = message.Span;
        var i = 0;
        while (i < span.Length)
        {
            var tag = Varint(span, ref i);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    Varint(span, ref i);
                    fields.Add((field, ReadOnlyMemory<byte>.Empty));
                    break;
                case 2:
                    var length = (int)Varint(span, ref i);
                    fields.Add((field, message.Slice(i, length)));
                    i += length;
                    break;
                case 1:
                    i += 8;
                    break;
                case 5:
                    i += 4;
                    break;
                default:
                    throw ApiException.BadRequest("malformed protobuf body");
            }
        }
        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int i)
    {
        ulong result = 0;
        for (var shift = 0; i < span.Length; shift += 7)
        {
            var b = span[i++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw ApiException.BadRequest("malformed protobuf body");
    }
}
