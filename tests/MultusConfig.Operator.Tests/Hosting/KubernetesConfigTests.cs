using MultusConfig.Operator.Kube;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Tests.Hosting;

public class KubernetesConfigTests
{
    [Fact]
    public async Task The_client_names_the_operator_its_version_and_the_pod_in_its_user_agent()
    {
        await using var server = await ApiServerDouble.StartAsync();
        var dir = Directory.CreateTempSubdirectory("kubeconfig-").FullName;
        try
        {
            var options = new OperatorOptions { Kubeconfig = server.WriteKubeconfig(Path.Combine(dir, "kubeconfig")), PodName = "multus-config-operator-7d9f-x2x4q" };
            using var client = new KubeClient(KubernetesConfig.Load(options));

            await client.ListAsync(KubeResources.Namespaces, null, null, KubeJsonContext.Default.V1NamespaceList);

            var userAgent = server.Requests.All.Last(r => r.Resource == "namespaces").UserAgent;
            Assert.Matches(@"^multus-config-operator/\d+\.\d+\.\d+ \(multus-config-operator-7d9f-x2x4q\)$", userAgent);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
