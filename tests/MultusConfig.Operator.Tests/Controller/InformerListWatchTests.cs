using System.Web;
using k8s;
using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Controller.Runtime;
using MultusConfig.Operator.Tests.Admission;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>
/// What the informer asks the API server for and what it does with broken streams, read from the double's
/// request log and the informer's cache.
/// </summary>
public sealed class InformerListWatchTests
{
    private const string Nads = "network-attachment-definitions";
    private static readonly InformerOptions Small = new() { PageSize = 2, MinBackoff = TimeSpan.FromMilliseconds(20) };

    [Fact]
    public async Task The_first_list_reads_resourceVersion_0_in_one_request_and_a_watch_from_its_resourceVersion_misses_nothing()
    {
        await using var f = await OperatorFixture.StartAsync();
        for (var i = 0; i < 5; i++) await CreateNadAsync(f, $"before-{i}");
        using var logs = new CapturingLoggerProvider();
        using var stop = new CancellationTokenSource();
        var informer = NadInformer(f, logs);
        var run = informer.RunAsync(stop.Token);
        try
        {
            await informer.Synced;
            // Changes right after the list: the watch from the list's resourceVersion delivers each of them.
            await CreateNadAsync(f, "after-0");
            await f.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", Nads, "before-0");
            await CreateNadAsync(f, "after-1");
            await OperatorFixture.EventuallyAsync(() => Task.FromResult(informer.Get("team1/after-1")), _ => true, "the watch delivers the last change", seconds: 30);

            var lists = f.Server.Requests.All.Where(r => r.Verb == "list" && r.Resource == Nads).ToList();
            // Five objects and a page size of two: a paged consistent list would take three requests from etcd.
            Assert.Equal("0", HttpUtility.ParseQueryString(Assert.Single(lists).Query)["resourceVersion"]);
            Assert.Equal(["after-0", "after-1", "before-1", "before-2", "before-3", "before-4"], informer.List().Select(n => n.Metadata.Name).Order(StringComparer.Ordinal));
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    [Fact]
    public async Task An_event_the_client_cannot_decode_makes_the_informer_list_again_so_the_deletion_it_carried_is_not_lost()
    {
        await using var f = await OperatorFixture.StartAsync();
        await CreateNadAsync(f, "doomed");
        using var logs = new CapturingLoggerProvider();
        using var stop = new CancellationTokenSource();
        var informer = NadInformer(f, logs);
        var run = informer.RunAsync(stop.Token);
        try
        {
            await informer.Synced;
            Assert.NotNull(informer.Get("team1/doomed"));
            await OperatorFixture.EventuallyAsync(() => Task.FromResult<int?>(f.Server.OpenWatches), n => n == 1, "the informer watches", seconds: 30);

            // The DELETED event reaches the informer as a line it cannot decode; the next event is fine.
            f.Server.Faults.CorruptNextWatchEvents(1, Nads);
            await f.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(NetworkAttachmentDefinition.Group, NetworkAttachmentDefinition.Version, "team1", Nads, "doomed");
            await CreateNadAsync(f, "later");
            await OperatorFixture.EventuallyAsync(() => Task.FromResult(informer.Get("team1/later")), _ => true, "the informer sees the later NAD", seconds: 30);

            // Skipping the line and reading on would keep the deleted NAD in the cache for good.
            Assert.Null(informer.Get("team1/doomed"));
            Assert.Contains(logs.Entries, e => e.Message.Contains("broke off", StringComparison.Ordinal));
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    private static Informer<NetworkAttachmentDefinition, NetworkAttachmentDefinitionList> NadInformer(OperatorFixture f, CapturingLoggerProvider logs) =>
        NadInformers.Team1(f, logs, Small);

    private static Task CreateNadAsync(OperatorFixture f, string name) => NadInformers.CreateAsync(f, name);
}
