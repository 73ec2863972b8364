using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MultusConfig.Core.Api;
using MultusConfig.Core.Json;

namespace MultusConfig.Core.Validation;

public static partial class SmcValidator
{
    private static readonly string[] CoordinatorModes = ["auto", "underlay", "overlay", "disabled"];
    private static readonly string[] PodCidrTypes = ["auto", "cluster", "calico", "cilium", "none"];

    [GeneratedRegex("^[0-9a-fA-F]{2}:[0-9a-fA-F]{2}$")]
    private static partial Regex MacPrefix();

    private static void CheckCoordinator(CoordinatorSpec c, List<FieldError> errors)
    {
        const string path = "spec.coordinator";
        if (c.Mode is { } mode && !CoordinatorModes.Contains(mode))
            errors.Add(new FieldError(path + ".mode", FieldErrorKind.NotSupported, Supported(CoordinatorModes), ValueText.Of(mode)));
        if (c.PodCidrType is { } cidrType && !PodCidrTypes.Contains(cidrType))
            errors.Add(new FieldError(path + ".podCIDRType", FieldErrorKind.NotSupported, Supported(PodCidrTypes), ValueText.Of(cidrType)));

        for (var i = 0; i < (c.HijackCidr?.Count ?? 0); i++)
        {
            var cidr = c.HijackCidr![i] ?? "";
            if (IpText.AddressOrPrefixError(cidr, out _) is { } problem)
                errors.Add(new FieldError($"{path}.hijackCIDR[{i}]", FieldErrorKind.Invalid, problem, ValueText.Of(cidr)));
        }

        for (var i = 0; i < (c.PolicyRoutes?.Count ?? 0); i++)
        {
            var route = c.PolicyRoutes![i];
            var dst = route?.Dst ?? "";
            var gw = route?.Gw ?? "";
            var dstProblem = IpText.AddressOrPrefixError(dst, out var dstFamily);
            if (dstProblem is not null) errors.Add(new FieldError(RoutePath(i) + ".dst", FieldErrorKind.Invalid, dstProblem, ValueText.Of(dst)));
            var gwAddress = IpText.ParseAddress(gw, allowZone: true);
            if (gwAddress is null) errors.Add(new FieldError(RoutePath(i) + ".gw", FieldErrorKind.Invalid, "must be an IP address", ValueText.Of(gw)));
            if (dstProblem is null && gwAddress is not null && dstFamily != gwAddress.AddressFamily)
                errors.Add(new FieldError(RoutePath(i), FieldErrorKind.Invalid, "dst and gw must be of the same IP family"));
        }

        // Built only for an error: a valid route costs no string.
        static string RoutePath(int i) => $"{path}.policyRoutes[{i}]";

        if (!string.IsNullOrEmpty(c.PodMacPrefix))
        {
            // The coordinator binary accepts exactly two hex bytes; the reference's parser also let "+a:00" through (D20).
            if (!MacPrefix().IsMatch(c.PodMacPrefix))
                errors.Add(new FieldError(path + ".podMACPrefix", FieldErrorKind.Invalid, "must be two hex bytes such as 0a:1b", ValueText.Of(c.PodMacPrefix)));
            else if ((Convert.ToByte(c.PodMacPrefix[..2], 16) & 1) != 0)
                errors.Add(new FieldError(path + ".podMACPrefix", FieldErrorKind.Invalid, "not a unicast MAC: the lowest bit of the first byte must be 0", ValueText.Of(c.PodMacPrefix)));
        }

        if (c.TxQueueLen is < 0)
            errors.Add(new FieldError(path + ".txQueueLen", FieldErrorKind.Invalid, "must be 0 or more", ValueText.Of(c.TxQueueLen.Value)));
        if (c.PodRpFilter is { } rp and > 2)
            errors.Add(new FieldError(path + ".podRPFilter", FieldErrorKind.NotSupported, "supported values: 0, 1, 2, or a negative value to leave it unchanged", ValueText.Of(rp)));

        if (!string.IsNullOrEmpty(c.VethLinkAddress))
        {
            // The address is given to the veth pair on the host side: an IPv4 link-local address (D29).
            var address = IpText.ParseAddress(c.VethLinkAddress);
            if (address is null || address.AddressFamily != AddressFamily.InterNetwork || !IsIpv4LinkLocal(address))
                errors.Add(new FieldError(path + ".vethLinkAddress", FieldErrorKind.Invalid, "must be an IPv4 link-local address (169.254.0.0/16)", ValueText.Of(c.VethLinkAddress)));
        }

        if (c.VethMtu is <= 0)
            errors.Add(new FieldError(path + ".vethMTU", FieldErrorKind.Invalid, "must be 1 or more", ValueText.Of(c.VethMtu.Value)));
    }

    private static bool IsIpv4LinkLocal(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return b[0] == 169 && b[1] == 254;
    }

    private static void CheckChainedPlugins(List<string>? chain, List<FieldError> errors)
    {
        for (var i = 0; i < (chain?.Count ?? 0); i++)
        {
            foreach (var problem in CniJsonText.CheckPlugin(chain![i] ?? ""))
                errors.Add(new FieldError($"spec.chainCNIJsonData[{i}]", FieldErrorKind.Invalid, problem));
        }
    }

    private static string Supported(IEnumerable<string> values) => "supported values: " + string.Join(", ", values.Select(v => $"\"{v}\""));
}
