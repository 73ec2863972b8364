namespace MultusConfig.Core.Api;

/// <summary>What macvlan, ipvlan and vlan share: master interfaces, an optional bond and a VLAN id.</summary>
public interface IMasterBlock
{
    List<string>? Master { get; }
    int? Mtu { get; set; }
    int? VlanId { get; set; }
    BondConfig? Bond { get; }
    string? RdmaResourceName { get; set; }
    IpPools? IpPools { get; set; }
}
