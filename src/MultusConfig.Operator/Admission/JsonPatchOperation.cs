using System.Text.Json.Nodes;

namespace MultusConfig.Operator.Admission;

/// <summary>One RFC 6902 operation; only add, replace and remove are ever produced.</summary>
public sealed record JsonPatchOperation(string Op, string Path, JsonNode? Value = null)
{
    public const string Add = "add";
    public const string Replace = "replace";
    public const string Remove = "remove";
}
