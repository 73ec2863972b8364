using MultusConfig.Cni.Tests.Lab;
using MultusConfig.Cni.Tests.Netns;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>Nothing outlives a test: namespaces, veths and stand-in state go even when the test fails, and nothing touches the root namespace.</summary>
public class CleanupTests
{
    [SkippableFact]
    public async Task A_lab_removes_its_namespaces_and_state_even_when_the_test_body_throws()
    {
        string host = "", pod = "", root = "";
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var lab = await CniLab.StartAsync(["ens192"]);
            host = lab.Host.Name;
            root = lab.Path.Root;
            var p = await lab.AddPodAsync("pod1");
            pod = p.Ns.Name;
            await lab.AddAsync("""{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},{"type":"tuning","mtu":1400}]}""", p);
            throw new InvalidOperationException("test body failed after ADD, before DEL");
        });
        Assert.Contains("before DEL", thrown.Message, StringComparison.Ordinal);
        var left = await NetworkNamespace.ListAsync();
        Assert.DoesNotContain(host, left);
        Assert.DoesNotContain(pod, left);
        Assert.False(Directory.Exists(root), $"{root} was left behind");
        Assert.False(File.Exists($"/run/cni/tuning/{pod}_net1.json"), "tuning state of the failed test was left behind");
    }

    [SkippableFact]
    public async Task The_sweep_removes_namespaces_of_dead_test_processes_only()
    {
        // The labs' once-per-process sweep must be over, or it could take the stale namespace first.
        await StaleNamespaceSweeper.SweepOnceAsync();
        var deadPid = Enumerable.Range(4_000_000, 1000).First(p => !Directory.Exists($"/proc/{p}"));
        var stale = $"{TestNames.Prefix}{deadPid}-deadbeef-host";
        var ours = TestNames.Unique("alive");
        await using var staleNs = await NetworkNamespace.CreateAsync(stale);
        await using var oursNs = await NetworkNamespace.CreateAsync(ours);
        var removed = await StaleNamespaceSweeper.SweepAsync();
        Assert.Contains(stale, removed);
        var left = await NetworkNamespace.ListAsync();
        Assert.DoesNotContain(stale, left);
        Assert.Contains(ours, left);
    }

    [SkippableFact]
    public void Names_carry_the_owning_process()
    {
        var name = TestNames.Unique("pod1");
        Assert.StartsWith(TestNames.Prefix, name, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, TestNames.OwnerProcess(name));
        Assert.Null(TestNames.OwnerProcess("cni-1234-host"));
    }

    [SkippableFact]
    public async Task A_full_lifecycle_leaves_the_root_namespace_untouched()
    {
        var before = await RootLinksAsync();
        await using (var lab = await CniLab.StartAsync(["ens192"]))
        {
            var config = """{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""";
            var pod = await lab.AddPodAsync("pod1");
            await lab.AddAsync(config, pod);
            Assert.Equal(before, await RootLinksAsync());
            await lab.DeleteAsync(config, pod);
        }
        Assert.Equal(before, await RootLinksAsync());
    }

    /// <summary>Links and their addresses in the root namespace (lifetimes left out: they tick).</summary>
    private static async Task<string> RootLinksAsync()
    {
        var outcome = await Infrastructure.ProcessRunner.RunCheckedAsync("ip", "-j", "addr", "show");
        var links = System.Text.Json.Nodes.JsonNode.Parse(outcome.Stdout) as System.Text.Json.Nodes.JsonArray ?? [];
        return string.Join('\n', links.Select(l =>
            $"{(string?)l?["ifname"]} {string.Join(',', (l?["flags"] as System.Text.Json.Nodes.JsonArray ?? []).Select(f => (string?)f))} " +
            string.Join(' ', (l?["addr_info"] as System.Text.Json.Nodes.JsonArray ?? []).Select(a => $"{(string?)a?["local"]}/{(int?)a?["prefixlen"]}"))));
    }
}
