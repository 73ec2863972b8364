using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Cni;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>What a pass-through stand-in does with prevResult: check it against the spec, then hand it on unchanged.</summary>
public static class ChainedResult
{
    public static JsonNode PassThrough(StandInRequest request, string plugin)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prev = request.PrevResult
            ?? throw new StandInException(StandInException.InvalidConfig, $"{plugin} must be chained after the main plugin: required prevResult missing");
        var problems = CniResultValidator.Validate(prev, request.Version);
        if (problems.Count > 0)
        {
            throw new StandInException(StandInException.DecodingFailure, $"{plugin}: prevResult violates the CNI {request.Version} spec: {string.Join("; ", problems)}");
        }
        return prev.DeepClone();
    }
}
