namespace MultusConfig.Cni.Tests.Cni;

/// <summary>Per-attachment values a container runtime passes in CNI_* variables.</summary>
/// <param name="ContainerId">CNI_CONTAINERID; also keys the result cache.</param>
/// <param name="NetnsPath">CNI_NETNS: path of the pod's network namespace.</param>
/// <param name="IfName">CNI_IFNAME: the interface name inside the pod (Multus uses net1, net2…).</param>
/// <param name="Args">CNI_ARGS: <c>K=V;K=V</c>, what Multus passes for Kubernetes pods.</param>
/// <param name="Ips">The capability argument "ips": the addresses a pod names in its network annotation, which
/// Multus passes to libcni (multus-cni pkg/multus, CapabilityArgs["ips"] from the selection element's ips).</param>
public sealed record RuntimeConf(string ContainerId, string NetnsPath, string IfName = "net1", string? Args = null, IReadOnlyList<string>? Ips = null)
{
    public string CniArgs => Args ?? $"IgnoreUnknown=1;K8S_POD_NAMESPACE=team1;K8S_POD_NAME={ContainerId};K8S_POD_INFRA_CONTAINER_ID={ContainerId}";
}
