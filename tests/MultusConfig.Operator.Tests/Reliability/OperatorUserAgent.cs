using MultusConfig.ApiServer;
using MultusConfig.Operator.Kube;
using MultusConfig.Operator.Tests.Kube;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The operator's client with a User-Agent of its own, so the request log tells the operator's requests from the
/// workload's (the test's own KubernetesClient).
/// </summary>
internal static class OperatorUserAgent
{
    public const string Value = "multus-config-operator-under-test";

    public static KubeClient CreateClient(ApiServerDouble server) => new(KubeDouble.ConnectionTo(server) with { UserAgent = Value });
}
