using k8s;
using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Controller.Runtime;
using MultusConfig.Operator.Kube;
using MultusConfig.Operator.Tests.Admission;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>A NAD informer of namespace team1 on the operator's own client, and a NAD created by the test's client, for the informer tests.</summary>
internal static class NadInformers
{
    public static Informer<NetworkAttachmentDefinition, NetworkAttachmentDefinitionList> Team1(OperatorFixture f, CapturingLoggerProvider logs, InformerOptions options) =>
        new(OperatorClients.For(f.Server), KubeResources.NetworkAttachmentDefinitions, "team1",
            KubeJsonContext.Default.NetworkAttachmentDefinition, KubeJsonContext.Default.NetworkAttachmentDefinitionList,
            logs.CreateLogger("informer"), TimeProvider.System, options);

    public static Task CreateAsync(OperatorFixture f, string name) =>
        f.Client.CustomObjects.CreateNamespacedCustomObjectAsync(new NetworkAttachmentDefinition
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team1" },
            Spec = new NetworkAttachmentDefinitionSpec { Config = """{"cniVersion":"0.3.1","name":"x","type":"macvlan"}""" },
        }, NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", NetworkAttachmentDefinition.Plural);
}
