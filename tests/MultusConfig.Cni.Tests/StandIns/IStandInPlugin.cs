using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>One stand-in plugin: its config rules and its answers to ADD, CHECK and DEL (null = print nothing).</summary>
public interface IStandInPlugin
{
    IReadOnlyList<string> CheckConfig(StandInRequest request);
    JsonNode? Add(StandInRequest request);
    JsonNode? Check(StandInRequest request);
    JsonNode? Delete(StandInRequest request);
}
