using System.Text.Json.Nodes;

namespace MultusConfig.Cni.Tests.Lab;

/// <summary>Assertions on the final ADD result a runtime would hand to Multus.</summary>
public static class ResultAssert
{
    /// <summary>The result names the pod's interface in the pod's sandbox and carries exactly the expected addresses.</summary>
    public static void Describes(JsonObject result, Pod pod, IReadOnlyList<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(addresses);
        var interfaces = result["interfaces"] as JsonArray ?? [];
        var podIf = interfaces.FirstOrDefault(i => (string?)i?["name"] == pod.IfName);
        Assert.True(podIf is not null, $"the result lists no interface {pod.IfName}: {result.ToJsonString()}");
        Assert.Equal(pod.Ns.Path, (string?)podIf!["sandbox"]);
        var ips = (result["ips"] as JsonArray ?? []).Select(i => (string?)i?["address"] ?? "").Order(StringComparer.Ordinal).ToList();
        Assert.Equal([.. addresses.Order(StringComparer.Ordinal)], ips);
    }
}
