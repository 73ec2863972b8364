namespace MultusConfig.Core.Api;

/// <summary>Annotation and label keys the SMC and its NAD carry.</summary>
public static class Annotations
{
    /// <summary>Name of the generated NAD instead of the SMC name; fixed at creation.</summary>
    public const string CrName = "multus.spidernet.io/cr-name";
    /// <summary>Top-level cniVersion of the rendered conflist.</summary>
    public const string CniVersion = "multus.spidernet.io/cni-version";
    /// <summary>Value of the conflist's name key.</summary>
    public const string CniConfigName = "cni.spidernet.io/cniconfig-name";
    public const string RdmaResourceInject = "cni.spidernet.io/rdma-resource-inject";
    public const string NetworkResourceInject = "cni.spidernet.io/network-resource-inject";
    /// <summary>Read by Multus to request a device-plugin resource for the pod.</summary>
    public const string ResourceName = "k8s.v1.cni.cncf.io/resourceName";
    /// <summary>Where adoption keeps the config a NAD had before an SMC took it over.</summary>
    public const string PreviousConfig = "multus.spidernet.io/previous-config";
    /// <summary>On a NAD: the comma-separated annotation keys the operator wrote there, so that it removes those it no longer wants.</summary>
    public const string ManagedAnnotations = "multus.spidernet.io/managed-annotations";
    /// <summary>kubectl's bookkeeping of the SMC; copying it onto the NAD confuses kubectl apply there (D13).</summary>
    public const string LastAppliedConfiguration = "kubectl.kubernetes.io/last-applied-configuration";

    public const string DefaultCniVersion = "0.3.1";
    public static readonly IReadOnlyList<string> SupportedCniVersions = ["0.3.0", "0.3.1", "0.4.0", "1.0.0"];

    /// <summary>Annotations whose value the mutating webhook mirrors into a label of the same key.</summary>
    public static readonly IReadOnlyList<string> InjectKeys = [RdmaResourceInject, NetworkResourceInject];
}
