using MultusConfig.ApiServer;
using MultusConfig.Operator.Hosting;
using MultusConfig.Operator.Kube;
using MultusConfig.Operator.Tests.Kube;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>
/// The operator's own client (<see cref="KubeClient"/>) on the API server double, as a replica would have it: over
/// HTTPS trusting only the double's CA, with the admin token and the replica's User-Agent. Tests keep KubernetesClient
/// for their own reads and writes, an independent client of the double.
/// </summary>
internal static class OperatorClients
{
    public static KubeClient For(ApiServerDouble server, string podName = "operator-test") =>
        new(KubeDouble.ConnectionTo(server) with { UserAgent = KubernetesConfig.UserAgent(podName) });
}
