using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>
/// Stand-in for rdma-cni (RDMA namespace isolation after sriov): its config has only the common keys
/// (and <c>args</c>); it must be chained and passes prevResult through.
/// </summary>
public sealed class RdmaStandIn : IStandInPlugin
{
    public IReadOnlyList<string> CheckConfig(StandInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new KeyChecker(request.Config, "rdma").Known(KeyChecker.CommonKeys).Finish();
    }

    public JsonNode? Add(StandInRequest request) => ChainedResult.PassThrough(request, "rdma");

    public JsonNode? Check(StandInRequest request)
    {
        ChainedResult.PassThrough(request, "rdma");
        return null;
    }

    public JsonNode? Delete(StandInRequest request) => null;
}
