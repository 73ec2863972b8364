using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Netns;

namespace MultusConfig.Cni.Tests.Lab;

/// <summary>A pod sandbox: its own network namespace and the CNI_* values that address it.</summary>
public sealed record Pod(NetworkNamespace Ns, RuntimeConf Rt)
{
    public string IfName => Rt.IfName;
}
