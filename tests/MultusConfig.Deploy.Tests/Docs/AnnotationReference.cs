using MultusConfig.Core.Api;

namespace MultusConfig.Deploy.Tests.Docs;

/// <summary>
/// The annotations that change the NAD, for docs/reference.md. The keys, accepted values and defaults come from
/// Core (<see cref="Annotations"/>), so the reference cannot name a key or a version the operator does not know;
/// the rules restate SmcValidator.Annotations.cs, NadRenderer and ConfigWriter.
/// </summary>
internal static class AnnotationReference
{
    public sealed record Row(string Key, string On, string Effect);

    public static IReadOnlyList<Row> Rows { get; } =
    [
        new(Annotations.CrName, "SMC",
            "Name of the generated NAD instead of the SMC's name. Must be a DNS-1123 subdomain. Fixed at creation: adding, changing or " +
            "removing it on an update is refused (create a new SMC instead). Admission refuses a name whose NAD another SMC controls."),
        new(Annotations.CniVersion, "SMC",
            $"Top-level `cniVersion` of the conflist. Accepted values: {string.Join(", ", Annotations.SupportedCniVersions.Select(v => $"`{v}`"))}; " +
            $"any other value, `\"\"` included, is refused. Absent: `{Annotations.DefaultCniVersion}`. Refused for cniType `custom` " +
            "(set `cniVersion` inside `spec.customCNI`)."),
        new(Annotations.CniConfigName, "SMC",
            "Value of the conflist's `name` key; empty or absent: the NAD's name. Must be a CNI network name (alphanumerics, `_`, `.`, `-`, " +
            "starting with an alphanumeric). Refused for cniType `custom` (set `name` inside `spec.customCNI`)."),
        new(Annotations.RdmaResourceInject, "SMC",
            "Present (any value): Spiderpool's pod webhook injects this network's RDMA resource into pods. The mutating webhook copies the value " +
            "into an SMC label of the same key (the pod webhook selects SMCs by it), so it must be a valid label value; the label goes when the " +
            "annotation goes. Requires the block's `rdmaResourceName` (`resourceName` for sriov and ib-sriov; ipoib has none) and at least one IPv4 or IPv6 pool. " +
            "Refused for cniType `ovs` and `custom`."),
        new(Annotations.NetworkResourceInject, "SMC",
            "Present (any value): Spiderpool's pod webhook injects this network's resources into pods. Copied into a label as " +
            $"`{Annotations.RdmaResourceInject}` is. Requires at least one IPv4 or IPv6 pool when the block names a resource (`rdmaResourceName`, " +
            "or `resourceName` for sriov and ib-sriov), and always for ipoib. " +
            "Refused for cniType `ovs` and `custom`."),
        new(Annotations.ResourceName, "NAD, written by the operator",
            "The device-plugin resource Multus requests for the pod: `spec.sriov.resourceName` (sriov), `spec.ibsriov.resourceName` (ib-sriov), " +
            "`ovs-cni.network.kubevirt.io/<bridge>` (ovs with a `deviceID`). Replaces a same-key annotation copied from the SMC."),
        new(Annotations.PreviousConfig, "NAD, written by the operator",
            "The `spec.config` a same-name NAD had when the operator adopted it, so a takeover can be undone by hand."),
    ];
}
