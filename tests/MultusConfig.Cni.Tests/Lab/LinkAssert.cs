using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Netns;

namespace MultusConfig.Cni.Tests.Lab;

/// <summary>Assertions on interfaces as <c>ip -j -d link</c> reports them.</summary>
public static class LinkAssert
{
    /// <summary>
    /// The pod's interface is a <paramref name="kind"/> link in the given mode whose parent is
    /// <paramref name="master"/> in the host namespace (link_index names an interface of the peer
    /// namespace, so it is compared with the master's ifindex there), with the expected MTU.
    /// </summary>
    public static async Task<JsonObject> AttachedAsync(Pod pod, NetworkNamespace host, string kind, string? mode, string master, int mtu)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(host);
        var link = await pod.Ns.LinkAsync(pod.IfName)
            ?? throw new Xunit.Sdk.XunitException($"{pod.IfName} does not exist in pod namespace {pod.Ns.Name}");
        var parent = await host.LinkAsync(master)
            ?? throw new Xunit.Sdk.XunitException($"master {master} does not exist in host namespace {host.Name}");
        var info = link["linkinfo"];
        Assert.True(kind == (string?)info?["info_kind"], $"{pod.IfName} is '{(string?)info?["info_kind"]}', expected '{kind}': {link.ToJsonString()}");
        if (mode is not null)
        {
            Assert.Equal(mode, (string?)info?["info_data"]?["mode"]);
        }
        Assert.True(link["link_netnsid"] is not null, $"{pod.IfName} has no parent in another namespace: {link.ToJsonString()}");
        Assert.True((int?)link["link_index"] == (int?)parent["ifindex"],
            $"{pod.IfName} hangs off ifindex {(int?)link["link_index"]}, but {master} is ifindex {(int?)parent["ifindex"]} in {host.Name}");
        Assert.Equal(mtu, (int?)link["mtu"]);
        Assert.Contains("UP", (link["flags"] as JsonArray ?? []).Select(f => (string?)f));
        return link;
    }

    public static async Task GoneAsync(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var link = await pod.Ns.LinkAsync(pod.IfName);
        Assert.True(link is null, $"{pod.IfName} still exists in {pod.Ns.Name} after DEL: {link?.ToJsonString()}");
    }
}
