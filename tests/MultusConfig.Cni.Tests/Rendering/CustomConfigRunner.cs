using MultusConfig.Cni.Tests.Cni;
using MultusConfig.Cni.Tests.Lab;

namespace MultusConfig.Cni.Tests.Rendering;

/// <summary>Runs a custom NAD config (customCNI, verbatim) by its main plugin type.</summary>
public static class CustomConfigRunner
{
    public static async Task RunAsync(string config, int podCount)
    {
        Assert.False(string.IsNullOrEmpty(config), "a custom SMC without customCNI renders an empty config; there is nothing to run");
        var list = NetworkList.Parse(config);
        var main = list.Plugins[0];
        var type = (string?)main["type"];
        var hostLocalDirs = list.Plugins.Select(p => p["ipam"]).Where(i => (string?)i?["type"] == "host-local")
            .Select(i => Path.Combine((string?)i!["dataDir"] ?? "/var/lib/cni/networks", list.Name)).ToList();
        switch (type)
        {
            case "bridge":
                await using (var lab = await CniLab.StartAsync([]))
                {
                    // Taken inside the lab, so released before it ends (the lab then removes emptied parents), and one
                    // lab at a time per directory (the same example runs in both profiles at once).
                    using var hostLocal = await HostLocalState.EnterAsync(hostLocalDirs);
                    await BridgeLifecycle.RunTwoPodsAsync(lab, config);
                }
                break;
            case "macvlan":
                var master = (string?)main["master"] ?? throw new Xunit.Sdk.XunitException("custom macvlan without master: " + config);
                var expected = new SmcExpectation("macvlan", list.Version, master, [master], SmcExpectation.JsonInt(main["mtu"]) is > 0 and var m ? m : null,
                    main["ipam"] is not null, [], [], new Dictionary<string, string>(), Coordinator: false);
                await using (var lab = await CniLab.StartAsync([master]))
                {
                    using var hostLocal = await HostLocalState.EnterAsync(hostLocalDirs);
                    await Lifecycle.RunAsync(lab, config, expected, CniLab.DefaultPools(), podCount, mode: (string?)main["mode"] ?? "bridge");
                }
                break;
            default:
                throw new Xunit.Sdk.XunitException($"no runner for a custom config whose main plugin is '{type}': {config}");
        }
    }
}
