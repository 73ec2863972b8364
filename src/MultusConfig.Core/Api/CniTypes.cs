namespace MultusConfig.Core.Api;

/// <summary>The values of <c>spec.cniType</c>.</summary>
public static class CniTypes
{
    public const string Macvlan = "macvlan";
    public const string Ipvlan = "ipvlan";
    public const string Vlan = "vlan";
    public const string Sriov = "sriov";
    public const string Ovs = "ovs";
    public const string IbSriov = "ib-sriov";
    public const string Ipoib = "ipoib";
    public const string Custom = "custom";

    public static readonly IReadOnlyList<string> All = [Macvlan, Ipvlan, Vlan, Sriov, Ovs, IbSriov, Ipoib, Custom];
}
