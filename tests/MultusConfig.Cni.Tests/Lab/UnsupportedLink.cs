using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Rendering;

namespace MultusConfig.Cni.Tests.Lab;

/// <summary>
/// ipvlan and vlan on a kernel without them: the plugin must get past config parsing, version
/// negotiation and the master lookup and fail only where it asks the kernel for the link, with exactly
/// the kernel's "operation not supported". Any config error would surface earlier with another message,
/// so it cannot hide behind the missing module. On a kernel that has the link type, the attachment must
/// simply work.
/// </summary>
public static class UnsupportedLink
{
    public static async Task AssertFailsOnlyAtLinkCreationAsync(CniLab lab, string config, SmcExpectation expected, string kind)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(expected);
        var list = NetworkList.Parse(config);
        Assert.Equal(expected.CniVersion, list.Version);
        var pod = await lab.AddPodAsync("pod1");

        if (await KernelFeatures.SupportsAsync(kind))
        {
            await lab.AddAsync(config, pod);
            await LinkAssert.AttachedAsync(pod, lab.Host, kind, null, expected.Master!, expected.Mtu ?? SmcExpectation.HostMtu);
            if (CniVersion.HasCheck(list.Version))
            {
                await lab.CheckAsync(config, pod);
            }
            await lab.DeleteAsync(config, pod);
            await LinkAssert.GoneAsync(pod);
            return;
        }

        var failure = await Assert.ThrowsAsync<CniPluginException>(() => lab.AddAsync(config, pod));
        Assert.True(failure.PluginType == kind && failure.Command == "ADD", "expected the " + kind + " plugin to fail, got: " + failure.Message);
        Assert.True(failure.Error is not null, "the plugin printed no valid CNI error object: " + failure.Message);
        Assert.True(failure.Error!.Code == 999 && failure.Error.Msg == $"failed to create {kind}: operation not supported",
            $"{kind} must fail only at link creation with the kernel's 'operation not supported'; got code {failure.Error.Code} '{failure.Error.Msg}'\n{failure.Message}");
        // Every plugin before it (ifacer) accepted its part of the config.
        Assert.All(lab.Runtime.Invocations.Where(i => i.Index < failure.PluginIndex), i => Assert.Equal("ADD", i.Command));
        // The link is created before IPAM runs, so no address was taken.
        Assert.DoesNotContain(lab.Records, r => r.Plugin == "spiderpool" && r.Command == "ADD");
        await LinkAssert.GoneAsync(pod);

        // A runtime cleans up a failed ADD with DEL. vlan 1.1.1 calls IPAM on DEL unconditionally, so
        // without an ipam section it fails with "no plugin name provided" (a plugin quirk, not ours).
        if (kind == "vlan" && !expected.Ipam)
        {
            var del = await Assert.ThrowsAsync<CniPluginException>(() => lab.DeleteAsync(config, pod));
            Assert.Equal("no plugin name provided", del.Error?.Msg);
        }
        else
        {
            await lab.DeleteAsync(config, pod);
        }
        Assert.Empty(lab.Path.Allocations);
    }
}
