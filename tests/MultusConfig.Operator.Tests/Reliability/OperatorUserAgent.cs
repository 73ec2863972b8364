using k8s;
using MultusConfig.ApiServer;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The operator's client with a User-Agent of its own. The operator sets none, so in-process it would
/// send KubernetesClient's default, the same as the test's client: the request log could not tell the
/// operator's writes from the workload's.
/// </summary>
internal static class OperatorUserAgent
{
    public const string Value = "multus-config-operator-under-test";

    public static Kubernetes CreateClient(ApiServerDouble server) => new(server.ClientConfiguration, new Handler());

    private sealed class Handler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.UserAgent.Clear();
            request.Headers.UserAgent.ParseAdd(Value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
