using k8s;
using k8s.Models;

namespace MultusConfig.ApiServer.Tests;

/// <summary>The plain built-in kinds the operator uses: Secrets, Leases, Events (both APIs), Namespaces.</summary>
public sealed class BuiltInResourceTests
{
    [Fact]
    public async Task Leases_support_the_optimistic_update_cycle_leader_election_relies_on()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var lease = await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new() { Name = "smc-operator" },
            Spec = new V1LeaseSpec { HolderIdentity = "pod-a", LeaseDurationSeconds = 15, AcquireTime = DateTime.UtcNow, RenewTime = DateTime.UtcNow },
        }, "kube-system");
        lease.Spec.HolderIdentity = "pod-b";
        var taken = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "smc-operator", "kube-system");
        Assert.Equal("pod-b", taken.Spec.HolderIdentity);
        lease.Spec.HolderIdentity = "pod-c"; // still carries the old resourceVersion
        var e = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "smc-operator", "kube-system"));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, e.Response.StatusCode);
    }

    [Fact]
    public async Task Secrets_keep_data_and_type_and_list_by_field_selector_on_type()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new() { Name = "tls" }, Type = "kubernetes.io/tls", Data = new Dictionary<string, byte[]> { ["tls.crt"] = [1, 2], ["tls.key"] = [3] } }, "default");
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new() { Name = "opaque" }, Type = "Opaque" }, "default");
        var tls = await client.CoreV1.ListNamespacedSecretAsync("default", fieldSelector: "type=kubernetes.io/tls");
        var secret = Assert.Single(tls.Items);
        Assert.Equal([1, 2], secret.Data["tls.crt"]);
    }

    [Fact]
    public async Task Core_and_events_k8s_io_events_are_one_resource_seen_through_both_apis()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new() { Name = "smc.1" },
            InvolvedObject = new V1ObjectReference { Kind = "SpiderMultusConfig", Name = "net1", NamespaceProperty = "default" },
            Reason = "Rendered", Message = "NAD written", Type = "Normal",
        }, "default");
        await client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new() { Name = "smc.2" },
            EventTime = DateTime.UtcNow, ReportingController = "smc-operator", ReportingInstance = "pod-a",
            Action = "Render", Reason = "Rendered", Note = "NAD written", Type = "Normal",
            Regarding = new V1ObjectReference { Kind = "SpiderMultusConfig", Name = "net1", NamespaceProperty = "default" },
        }, "default");
        var core = await client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=net1,reason=Rendered");
        Assert.Equal(["smc.1", "smc.2"], core.Items.Select(e => e.Metadata.Name));
        var fromV1 = core.Items[1];
        Assert.Equal("NAD written", fromV1.Message);
        Assert.Equal("smc-operator", fromV1.ReportingComponent);
        var events = await client.EventsV1.ListNamespacedEventAsync("default", fieldSelector: "regarding.name=net1");
        Assert.Equal(["smc.1", "smc.2"], events.Items.Select(e => e.Metadata.Name));
        Assert.Equal("NAD written", events.Items[0].Note);
        Assert.Equal("net1", events.Items[0].Regarding.Name);
        var patched = await client.EventsV1.PatchNamespacedEventAsync(new V1Patch("""{"note":"NAD rewritten"}""", V1Patch.PatchType.MergePatch), "smc.1", "default");
        Assert.Equal("NAD rewritten", patched.Note);
        Assert.Equal("NAD rewritten", (await client.CoreV1.ReadNamespacedEventAsync("smc.1", "default")).Message);
    }

    [Fact]
    public async Task Namespaces_are_cluster_scoped_and_the_usual_ones_exist_from_the_start()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var names = (await client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name).ToList();
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], names);
    }
}
