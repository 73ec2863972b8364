using System.Net;
using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>
/// Stand-in for Spiderpool's coordinator: accepts exactly the keys of the coordinator's Config (spec
/// §6.7 plus what the binary reads: detectOptions, logOptions, hostRPFilter…), with the binary's own
/// checks (mode enum, MAC prefix pattern, CIDRs parsed by net.ParseCIDR, rp_filter -1..2), and passes
/// prevResult through. It does not tune routes: that needs a Kubernetes node.
/// </summary>
public sealed class CoordinatorStandIn : IStandInPlugin
{
    public static readonly string[] Modes = ["auto", "underlay", "overlay", "disable"];

    public IReadOnlyList<string> CheckConfig(StandInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new KeyChecker(request.Config, "coordinator")
            .Known(KeyChecker.CommonKeys)
            .IsInteger("txQueueLen", min: 0)
            .IsBool("detectIPConflict")
            .IsBool("detectGateway")
            .IsString("vethLinkAddress", KeyChecker.IpAddress)
            .IsInteger("vethMTU", min: 1)
            .IsBool("tunePodRoutes")
            .IsString("podMACPrefix", KeyChecker.MacPrefix)
            .IsString("mode", m => Modes.Contains(m) ? null : $"unknown tuneMode: {m}")
            .IsString("podDefaultRouteNic")
            .IsString("podDefaultCniNic")
            .IsString("multusNicPrefix")
            .IsInteger("podRPFilter", rule: v => v < 0 || v <= 2)
            .IsInteger("hostRPFilter", rule: v => v < 0 || v <= 2)
            .IsInteger("hostRuleTable", min: 1)
            .IsStringArray("overlayPodCIDR", KeyChecker.GoCidr)
            .IsStringArray("serviceCIDR", KeyChecker.GoCidr)
            .IsStringArray("hijackCIDR", KeyChecker.GoCidr)
            .IsObject("detectOptions", o => o.IsInteger("retries", min: 0).IsString("interval").IsString("timeout"))
            .IsObject("logOptions", o => o.IsString("logLevel").IsString("logFile").IsInteger("logMaxSize").IsInteger("logMaxAge").IsInteger("logMaxCount"))
            .Add(PolicyRoutes(request.Config["policyRoutes"]))
            .Known("policyRoutes")
            .Finish();
    }

    public JsonNode? Add(StandInRequest request) => ChainedResult.PassThrough(request, "coordinator");

    public JsonNode? Check(StandInRequest request)
    {
        ChainedResult.PassThrough(request, "coordinator");
        return null;
    }

    public JsonNode? Delete(StandInRequest request) => null;

    private static string? PolicyRoutes(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }
        if (node is not JsonArray routes)
        {
            return "coordinator.policyRoutes must be an array";
        }
        for (var i = 0; i < routes.Count; i++)
        {
            if (routes[i] is not JsonObject r)
            {
                return $"coordinator.policyRoutes[{i}] must be an object";
            }
            var c = new KeyChecker(r, $"coordinator.policyRoutes[{i}]").Require("dst", "gw").IsString("dst").IsString("gw", KeyChecker.IpAddress).Finish();
            if (c.Count > 0)
            {
                return string.Join("; ", c);
            }
            // The coordinator parses dst as an IP or a CIDR, gw as an IP, and wants both of one family.
            var dst = ((string?)r["dst"] ?? "").Trim();
            var gw = ((string?)r["gw"] ?? "").Trim();
            var dstAddress = dst.Split('/')[0];
            if (!IPAddress.TryParse(dstAddress, out var d) || dst.Contains('/', StringComparison.Ordinal) && KeyChecker.GoCidr(dst) is not null)
            {
                return $"coordinator.policyRoutes[{i}].dst: invalid route dst \"{dst}\"";
            }
            if (!IPAddress.TryParse(gw, out var g) || gw.Length == 0)
            {
                return $"coordinator.policyRoutes[{i}].gw: invalid route gw \"{gw}\"";
            }
            if (d.AddressFamily != g.AddressFamily)
            {
                return $"coordinator.policyRoutes[{i}]: route dst \"{dst}\" and gw \"{gw}\" must use the same IP family";
            }
        }
        return null;
    }
}
