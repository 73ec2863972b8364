using System.Text.Json.Nodes;

namespace MultusConfig.Core.Manifests;

/// <summary>
/// One top-level value of a YAML stream or JSON sequence, before List expansion. <see cref="Positions"/>
/// holds where each mapping and sequence in it started, so List items can be located too.
/// </summary>
internal sealed record RawDocument(JsonNode? Root, int Index, int Line, int Column, IReadOnlyDictionary<JsonNode, (int Line, int Column)> Positions);
