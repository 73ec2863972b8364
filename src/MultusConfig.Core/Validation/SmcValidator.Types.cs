using System.Globalization;
using System.Text.RegularExpressions;
using MultusConfig.Core.Api;
using MultusConfig.Core.Json;

namespace MultusConfig.Core.Validation;

public static partial class SmcValidator
{
    private const int MaxVlanId = 4094;

    [GeneratedRegex("^([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]$")]
    private static partial Regex PciAddress();

    /// <summary>macvlan and ipvlan share one schema and one set of rules.</summary>
    private static void CheckMasterBlock(SpiderMultusConfigSpec spec, MacvlanConfig? block, string type, IReadOnlyList<string> injected, List<FieldError> errors)
    {
        var path = type == CniTypes.Macvlan ? "spec.macvlan" : "spec.ipvlan";
        if (CheckBlockPresent(block, path, type, errors))
        {
            CheckVlanId(block!.VlanId, path, ".vlanID", errors);
            CheckMtu(block.Mtu, path, ".mtu", errors);
            CheckNoMatchMasterSubnet(block.IpPools, path, type, errors);
            CheckMode(block.Mode, path, type, errors);
            CheckMasters(block, path, errors);
        }
        CheckOtherBlocks(spec, path, type, errors);
        if (block is not null) CheckInject(injected, block.RdmaResourceName, ".rdmaResourceName", block.IpPools, path, errors);
    }

    private static void CheckVlan(SpiderMultusConfigSpec spec, IReadOnlyList<string> injected, List<FieldError> errors)
    {
        const string path = "spec.vlan";
        var block = spec.Vlan;
        if (CheckBlockPresent(block, path, CniTypes.Vlan, errors))
        {
            switch (block!.VlanMode ?? "manual")
            {
                case "manual":
                    // The vlan plugin with vlanId 0 creates an untagged link: surely not what a manual VLAN meant (D18).
                    if (block.VlanId is null or 0)
                        errors.Add(new FieldError(path + ".vlanID", FieldErrorKind.Required, "vlanMode manual needs a vlanID from 1 to 4094"));
                    break;
                case "auto":
                    if (block.VlanId is not null)
                        errors.Add(new FieldError(path + ".vlanID", FieldErrorKind.Invalid, "must not be set when vlanMode is auto", ValueText.Of(block.VlanId.Value)));
                    break;
                default:
                    errors.Add(new FieldError(path + ".vlanMode", FieldErrorKind.NotSupported, "supported values: \"manual\", \"auto\"", ValueText.Of(block.VlanMode!)));
                    break;
            }
            CheckVlanId(block.VlanId, path, ".vlanID", errors);
            CheckMtu(block.Mtu, path, ".mtu", errors);
            CheckNoMatchMasterSubnet(block.IpPools, path, CniTypes.Vlan, errors);
            CheckMasters(block, path, errors, subInterface: false);
        }
        CheckOtherBlocks(spec, path, CniTypes.Vlan, errors);
        if (block is not null) CheckInject(injected, block.RdmaResourceName, ".rdmaResourceName", block.IpPools, path, errors);
    }

    private static void CheckSriov(SpiderMultusConfigSpec spec, IReadOnlyList<string> injected, List<FieldError> errors)
    {
        const string path = "spec.sriov";
        var block = spec.Sriov;
        if (CheckBlockPresent(block, path, CniTypes.Sriov, errors))
        {
            CheckVlanId(block!.VlanId, path, ".vlanID", errors);
            CheckMtu(block.Mtu, path, ".mtu", errors);
            CheckNonNegative(block.MinTxRateMbps, path, ".minTxRateMbps", errors);
            CheckNonNegative(block.MaxTxRateMbps, path, ".maxTxRateMbps", errors);
            // sriov-cni reads a max of 0 as "no limit", so only a real limit below the minimum is wrong (D19).
            if (block.MinTxRateMbps is { } min && block.MaxTxRateMbps is { } max and > 0 && min > max)
                errors.Add(new FieldError(path + ".minTxRateMbps", FieldErrorKind.Invalid, $"must not exceed maxTxRateMbps ({max}); set maxTxRateMbps to 0 for no limit", ValueText.Of(min)));
            if (string.IsNullOrEmpty(block.ResourceName))
                errors.Add(new FieldError(path + ".resourceName", FieldErrorKind.Required, "the SR-IOV device plugin resource the VFs come from (e.g. intel.com/sriov_netdevice)"));
        }
        CheckOtherBlocks(spec, path, CniTypes.Sriov, errors);
        if (block is not null) CheckInject(injected, block.ResourceName, ".resourceName", block.IpPools, path, errors);
    }

    private static void CheckIbSriov(SpiderMultusConfigSpec spec, IReadOnlyList<string> injected, List<FieldError> errors)
    {
        const string path = "spec.ibsriov";
        var block = spec.IbSriov;
        if (CheckBlockPresent(block, path, CniTypes.IbSriov, errors))
        {
            if (string.IsNullOrEmpty(block!.ResourceName))
                errors.Add(new FieldError(path + ".resourceName", FieldErrorKind.Required, "the InfiniBand SR-IOV device plugin resource the VFs come from"));
            if (block.LinkState is { } state && state is not ("auto" or "enable" or "disable"))
                errors.Add(new FieldError(path + ".linkState", FieldErrorKind.NotSupported, "supported values: \"auto\", \"enable\", \"disable\"", ValueText.Of(state)));
            CheckNoMatchMasterSubnet(block.IpPools, path, CniTypes.IbSriov, errors);
        }
        CheckOtherBlocks(spec, path, CniTypes.IbSriov, errors);
        if (block is not null) CheckInject(injected, block.ResourceName, ".resourceName", block.IpPools, path, errors);
    }

    private static void CheckIpoib(SpiderMultusConfigSpec spec, IReadOnlyList<string> injected, List<FieldError> errors)
    {
        const string path = "spec.ipoib";
        var block = spec.Ipoib;
        if (CheckBlockPresent(block, path, CniTypes.Ipoib, errors))
        {
            if (string.IsNullOrEmpty(block!.Master))
                errors.Add(new FieldError(path + ".master", FieldErrorKind.Required, "the host's IPoIB interface (e.g. ib0)"));
            else if (Names.InterfaceNameError(block.Master) is { } problem)
                errors.Add(new FieldError(path + ".master", FieldErrorKind.Invalid, problem, ValueText.Of(block.Master)));
            CheckNoMatchMasterSubnet(block.IpPools, path, CniTypes.Ipoib, errors);
        }
        CheckOtherBlocks(spec, path, CniTypes.Ipoib, errors);
        // ipoib has no resource name: the inject checks only need pools (the reference used master as a resource name, D24).
        if (block is not null) CheckInject(injected, null, null, block.IpPools, path, errors);
    }

    private static void CheckOvs(SpiderMultusConfigSpec spec, IReadOnlyList<string> injected, List<FieldError> errors)
    {
        const string path = "spec.ovs";
        ForbidInject(injected, CniTypes.Ovs, errors);
        var block = spec.Ovs;
        if (CheckBlockPresent(block, path, CniTypes.Ovs, errors))
        {
            if (string.IsNullOrEmpty(block!.Bridge))
                errors.Add(new FieldError(path + ".bridge", FieldErrorKind.Required, "the OVS bridge to attach to (e.g. br1)"));
            else if (Names.InterfaceNameError(block.Bridge) is { } problem)
                errors.Add(new FieldError(path + ".bridge", FieldErrorKind.Invalid, problem, ValueText.Of(block.Bridge)));
            CheckVlanId(block.Vlan, path, ".vlan", errors);
            for (var i = 0; i < (block.Trunk?.Count ?? 0); i++) CheckTrunk(block.Trunk![i], $"{path}.trunk[{i}]", errors);
            if (!string.IsNullOrEmpty(block.DeviceId) && !PciAddress().IsMatch(block.DeviceId))
                errors.Add(new FieldError(path + ".deviceID", FieldErrorKind.Invalid, "must be a PCI address such as 0000:3b:02.0", ValueText.Of(block.DeviceId)));
            CheckNoMatchMasterSubnet(block.IpPools, path, CniTypes.Ovs, errors);
        }
        CheckOtherBlocks(spec, path, CniTypes.Ovs, errors);
    }

    /// <summary>ovs-cni takes a single id or a complete minID..maxID range (D7).</summary>
    private static void CheckTrunk(Trunk? t, string path, List<FieldError> errors)
    {
        if (t is null || (t.Id is null && t.MinId is null && t.MaxId is null))
        {
            errors.Add(new FieldError(path, FieldErrorKind.Required, "set id, or minID and maxID"));
            return;
        }
        foreach (var (value, name) in new[] { (t.MinId, "minID"), (t.MaxId, "maxID"), (t.Id, "id") })
        {
            if (value is > MaxVlanId)
                errors.Add(new FieldError($"{path}.{name}", FieldErrorKind.Invalid, $"must be a VLAN id from 0 to {MaxVlanId}", value.Value.ToString(CultureInfo.InvariantCulture)));
        }
        if (t.MinId is null != t.MaxId is null)
            errors.Add(new FieldError(t.MinId is null ? path + ".minID" : path + ".maxID", FieldErrorKind.Required, "a trunk range needs both minID and maxID"));
        else if (t.MinId is { } min && t.MaxId is { } max && min > max)
            errors.Add(new FieldError(path + ".minID", FieldErrorKind.Invalid, $"must not exceed maxID ({max})", min.ToString(CultureInfo.InvariantCulture)));
    }

    private static void CheckCustom(SpiderMultusConfigSpec spec, IReadOnlyList<string> injected, List<FieldError> errors)
    {
        ForbidInject(injected, CniTypes.Custom, errors);
        for (var i = 0; i < BlockPaths.Length; i++)
        {
            if (IsBlockSet(spec, i) && BlockPaths[i] != "spec.customCNI")
                errors.Add(new FieldError(BlockPaths[i], FieldErrorKind.Forbidden, "must not be set when cniType is custom; only spec.customCNI may be"));
        }
        // The reference validated these for custom and then ignored them silently (D22).
        if (spec.ChainCniJsonData is { Count: > 0 })
            errors.Add(new FieldError("spec.chainCNIJsonData", FieldErrorKind.Forbidden, "has no effect for cniType custom: put the plugins into spec.customCNI"));
        if (spec.Coordinator is not null)
            errors.Add(new FieldError("spec.coordinator", FieldErrorKind.Forbidden, "has no effect for cniType custom: put a coordinator plugin into spec.customCNI"));
        if (!string.IsNullOrEmpty(spec.CustomCni))
        {
            foreach (var problem in CniJsonText.CheckNetworkConfig(spec.CustomCni))
                errors.Add(new FieldError("spec.customCNI", FieldErrorKind.Invalid, problem));
        }
    }

    private static void CheckMasters(IMasterBlock block, string path, List<FieldError> errors, bool subInterface = true)
    {
        var masters = block.Master ?? [];
        if (masters.Count == 0)
        {
            errors.Add(new FieldError(path + ".master", FieldErrorKind.Required, "at least one host interface is needed"));
            return;
        }
        for (var i = 0; i < masters.Count; i++)
        {
            if (Names.InterfaceNameError(masters[i] ?? "") is { } problem)
                errors.Add(new FieldError($"{path}.master[{i}]", FieldErrorKind.Invalid, problem, ValueText.Of(masters[i] ?? "")));
        }
        for (var i = 0; i < masters.Count; i++)
        {
            if (masters.IndexOf(masters[i]) != i)
                errors.Add(new FieldError($"{path}.master[{i}]", FieldErrorKind.Invalid, "is listed twice", ValueText.Of(masters[i] ?? "")));
        }
        string? linkName = masters.Count == 1 ? masters[0] : null;
        if (masters.Count >= 2)
        {
            if (block.Bond is null)
                errors.Add(new FieldError(path + ".bond", FieldErrorKind.Required, "two or more master interfaces are bonded: set bond.name and bond.mode"));
            else if (string.IsNullOrEmpty(block.Bond.Name))
                errors.Add(new FieldError(path + ".bond.name", FieldErrorKind.Required, "the name of the bond ifacer creates from the masters"));
            else
                linkName = block.Bond.Name;
        }
        if (block.Bond is { Name: { Length: > 0 } bondName } && Names.InterfaceNameError(bondName) is { } bondProblem)
            errors.Add(new FieldError(path + ".bond.name", FieldErrorKind.Invalid, bondProblem, ValueText.Of(bondName)));
        if (block.Bond?.Mode is { } mode and (< 0 or > 6))
            errors.Add(new FieldError(path + ".bond.mode", FieldErrorKind.Invalid, "must be a Linux bonding mode from 0 to 6", ValueText.Of(mode)));

        // ifacer creates "<master>.<vlanID>"; the kernel refuses names over 15 bytes.
        if (subInterface && linkName is not null && block.VlanId is { } vlan and > 0 and <= MaxVlanId && Names.InterfaceNameError(linkName) is null)
        {
            var sub = linkName + "." + vlan.ToString(CultureInfo.InvariantCulture);
            if (Names.InterfaceNameError(sub) is not null)
                errors.Add(new FieldError(path + ".vlanID", FieldErrorKind.Invalid, $"the VLAN interface \"{sub}\" would be longer than the kernel's {Names.InterfaceNameMaxLength}-byte limit", ValueText.Of(vlan)));
        }
    }

    // These take the block path and the field apart, so that a valid value costs no string concatenation.
    private static void CheckVlanId(int? vlanId, string path, string field, List<FieldError> errors)
    {
        if (vlanId is { } v and (< 0 or > MaxVlanId))
            errors.Add(new FieldError(path + field, FieldErrorKind.Invalid, $"must be a VLAN id from 0 to {MaxVlanId}", ValueText.Of(v)));
    }

    private static void CheckMtu(int? mtu, string path, string field, List<FieldError> errors)
    {
        if (mtu is < 0) errors.Add(new FieldError(path + field, FieldErrorKind.Invalid, "must be 0 (keep the default) or more", ValueText.Of(mtu.Value)));
    }

    private static void CheckNonNegative(long? value, string path, string field, List<FieldError> errors)
    {
        if (value is < 0) errors.Add(new FieldError(path + field, FieldErrorKind.Invalid, "must be 0 or more", ValueText.Of(value.Value)));
    }

    /// <summary>Only sriov renders match_master_subnet; elsewhere the flag was silently ignored (D21).</summary>
    private static void CheckNoMatchMasterSubnet(IpPools? pools, string path, string type, List<FieldError> errors)
    {
        if (pools?.MatchMasterSubnet == true)
            errors.Add(new FieldError(path + ".ippools.matchMasterSubnet", FieldErrorKind.Invalid, $"is supported only for cniType sriov, not {type}", "true"));
    }
}
