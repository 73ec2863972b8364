using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>
/// Stand-in for Spiderpool's ifacer (first in the chain; creates VLAN sub-interfaces and bonds on the
/// node). It checks its keys like the real ParseConfig (interfaces non-empty, vlanID 0..4094, bond mode
/// 0..6) and that every listed interface exists in the namespace it runs in. It creates nothing: this
/// kernel has neither 802.1q nor bonding, so the test's host namespace already holds what the rendered
/// master name refers to.
/// </summary>
public sealed class IfacerStandIn : IStandInPlugin
{
    public IReadOnlyList<string> CheckConfig(StandInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var c = new KeyChecker(request.Config, "ifacer")
            .Known(KeyChecker.CommonKeys)
            .Require("interfaces")
            .IsStringArray("interfaces", i => i.Length == 0 ? "empty interface name" : null)
            .IsInteger("vlanID", 0, 4094)
            .IsObject("bond", b => b.IsString("name").IsInteger("mode", 0, 6).IsString("options"));
        if (request.Config["interfaces"] is JsonArray { Count: 0 })
        {
            c.Add("ifacer.interfaces: invalid config: interfaces have at least one interface");
        }
        return c.Finish();
    }

    public JsonNode? Add(StandInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var name in (request.Config["interfaces"] as JsonArray ?? []).Select(n => (string?)n ?? ""))
        {
            if (!request.LinkExists(name))
            {
                throw new StandInException(999, $"ifacer: interface {name} not found: Link not found");
            }
        }
        return request.PrevResult?.DeepClone() ?? new JsonObject { ["cniVersion"] = request.Version };
    }

    public JsonNode? Check(StandInRequest request) => null;

    public JsonNode? Delete(StandInRequest request) => null;
}
