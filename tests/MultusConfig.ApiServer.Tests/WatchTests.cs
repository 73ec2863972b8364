using k8s;
using k8s.Models;
using static MultusConfig.ApiServer.Tests.TestObjects;

namespace MultusConfig.ApiServer.Tests;

/// <summary>Watch semantics as the real KubernetesClient sees them: replay from a resourceVersion, 410, bookmarks, timeouts.</summary>
public sealed class WatchTests
{
    private static V1ConfigMap Cm(string name, string? app = null) => new()
    {
        Metadata = new() { Name = name, Labels = app is null ? null : new Dictionary<string, string> { ["app"] = app } },
    };

    private static async Task<List<(WatchEventType Type, T Object)>> Collect<T>(IAsyncEnumerable<(WatchEventType, T)> stream, int count, CancellationTokenSource cts)
    {
        var events = new List<(WatchEventType, T)>();
        try
        {
            await foreach (var e in stream.WithCancellation(cts.Token))
            {
                events.Add(e);
                if (events.Count >= count)
                {
                    await cts.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return events;
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_replays_every_later_change_in_commit_order()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var a = await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a"), "default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("b"), "default");
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch), "b", "default");
        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = await Collect(client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: a.Metadata.ResourceVersion, timeoutSeconds: 20, cancellationToken: cts.Token), 3, cts);
        Assert.Equal([(WatchEventType.Added, "b"), (WatchEventType.Modified, "b"), (WatchEventType.Deleted, "a")], events.Select(e => (e.Type, e.Object.Metadata.Name)));
        Assert.Equal("v", events[1].Object.Data["k"]);
    }

    [Fact]
    public async Task Watch_without_resourceVersion_starts_with_synthetic_ADDED_events_for_existing_objects()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("existing"), "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = Collect(client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: "0", timeoutSeconds: 20, cancellationToken: cts.Token), 2, cts);
        await Eventually(() => Task.FromResult(server.OpenWatches == 1), "watch open");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("later"), "default");
        var events = await watch;
        Assert.Equal([(WatchEventType.Added, "existing"), (WatchEventType.Added, "later")], events.Select(e => (e.Type, e.Object.Metadata.Name)));
    }

    [Fact]
    public async Task Watch_from_a_compacted_resourceVersion_gets_an_ERROR_event_with_410_Expired()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var old = await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a"), "default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("b"), "default");
        server.CompactHistory();
        Exception? error = null;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = await Collect(client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: old.Metadata.ResourceVersion, timeoutSeconds: 20, onError: e => error ??= e, cancellationToken: cts.Token), 1, cts);
        Assert.Empty(events);
        var k = Assert.IsType<KubernetesException>(error);
        Assert.Equal(410, k.Status.Code);
        Assert.Equal("Expired", k.Status.Reason);
        Assert.StartsWith("too old resource version: ", k.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_older_than_the_configured_window_is_410_Gone_while_recent_history_replays()
    {
        await using var server = await ApiServerDouble.StartAsync(new ApiServerOptions { HistoryWindow = 3 });
        using var client = server.CreateClient();
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("c0"), "default");
        for (var i = 1; i < 6; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(Cm($"c{i}"), "default");
        }
        Exception? error = null;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await Collect(client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: first.Metadata.ResourceVersion, timeoutSeconds: 20, onError: e => error ??= e, cancellationToken: cts.Token), 1, cts);
        }
        Assert.Equal(410, Assert.IsType<KubernetesException>(error).Status.Code);
        var recent = (server.ResourceVersion - 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var cts2 = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = await Collect(client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: recent, timeoutSeconds: 20, cancellationToken: cts2.Token), 2, cts2);
        Assert.Equal(["c4", "c5"], events.Select(e => e.Object.Metadata.Name));
    }

    [Fact]
    public async Task Bookmarks_arrive_when_allowed_and_carry_the_current_resourceVersion()
    {
        await using var server = await ApiServerDouble.StartAsync(new ApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(100) });
        using var client = server.CreateClient();
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a"), "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = await Collect(client.CoreV1.WatchListNamespacedConfigMapAsync("default", allowWatchBookmarks: true, resourceVersion: cm.Metadata.ResourceVersion, timeoutSeconds: 20, cancellationToken: cts.Token), 1, cts);
        var (type, obj) = Assert.Single(events);
        Assert.Equal(WatchEventType.Bookmark, type);
        Assert.Equal(server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), obj.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream_cleanly_from_the_server_side()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a"), "default");
        var events = new List<WatchEventType>();
        // No client-side cancellation: the loop ends because the server closes the stream.
        await foreach (var (type, _) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", timeoutSeconds: 1))
        {
            events.Add(type);
        }
        Assert.Equal([WatchEventType.Added], events);
        Assert.Equal(0, server.OpenWatches);
        Assert.Contains(server.Requests.All, r => r.Verb == "watch" && r.Query.Contains("timeoutSeconds=1", StringComparison.Ordinal) && r.StatusCode == 200);
    }

    [Fact]
    public async Task A_label_selector_turns_updates_into_ADDED_and_DELETED_as_objects_enter_and_leave_it()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var start = server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a", "x"), "default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("other", "y"), "default");
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"app":"y"}}}""", V1Patch.PatchType.MergePatch), "a", "default");
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"app":"x"}}}""", V1Patch.PatchType.MergePatch), "a", "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = await Collect(client.CoreV1.WatchListNamespacedConfigMapAsync("default", labelSelector: "app=x", resourceVersion: start, timeoutSeconds: 20, cancellationToken: cts.Token), 3, cts);
        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted, WatchEventType.Added], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("a", e.Object.Metadata.Name));
    }

    [Fact]
    public async Task A_metadata_name_field_selector_watches_one_object()
    {
        await using var server = await StartWithCrdsAsync();
        using var client = server.CreateClient();
        var start = server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await client.CreateSmcAsync(Smc("one"));
        await client.CreateSmcAsync(Smc("two"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stream = client.CustomObjects.WatchListNamespacedCustomObjectAsync(SmcGroup, SmcVersion, "default", SmcPlural, fieldSelector: "metadata.name=two", resourceVersion: start, timeoutSeconds: 20, cancellationToken: cts.Token);
        var events = await Collect(stream, 1, cts);
        Assert.Equal("two", Node(events.Single().Object)["metadata"]!["name"].Str());
        var (code, status) = await FailureOf(() => client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "data.x=1"));
        Assert.Equal(400, code);
        Assert.Equal("field label not supported: data.x", status["message"].Str());
    }

    [Fact]
    public async Task Cutting_watches_ends_every_open_stream_and_clients_can_resume_from_their_last_resourceVersion()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a"), "default");
        var ended = Task.Run(async () =>
        {
            var n = 0;
            await foreach (var _ in client.CoreV1.WatchListNamespacedConfigMapAsync("default", timeoutSeconds: 60))
            {
                n++;
            }
            return n;
        });
        await Eventually(() => Task.FromResult(server.OpenWatches == 1), "watch open");
        Assert.Equal(1, server.CutWatches());
        Assert.Equal(1, await ended.WaitAsync(TimeSpan.FromSeconds(30)));
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("b"), "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var resumed = await Collect(client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: cm.Metadata.ResourceVersion, timeoutSeconds: 20, cancellationToken: cts.Token), 1, cts);
        Assert.Equal("b", resumed.Single().Object.Metadata.Name);
    }

    [Fact]
    public async Task Cutting_watches_with_abort_drops_the_connection_under_the_client()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a"), "default");
        var watch = Task.Run(async () =>
        {
            await foreach (var _ in client.CoreV1.WatchListNamespacedConfigMapAsync("default", timeoutSeconds: 60))
            {
            }
        });
        await Eventually(() => Task.FromResult(server.OpenWatches == 1), "watch open");
        server.CutWatches(abort: true);
        // A dropped connection surfaces as an I/O error in the client, unlike a clean close.
        var error = await Record.ExceptionAsync(() => watch.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.NotNull(error);
        Assert.IsNotType<TimeoutException>(error);
        await Eventually(() => Task.FromResult(server.OpenWatches == 0), "watch closed on the server");
    }

    [Fact]
    public async Task A_hundred_concurrent_watches_each_receive_the_same_event()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var start = server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watches = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            await foreach (var (type, obj) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: start, timeoutSeconds: 50, cancellationToken: cts.Token))
            {
                return obj.Metadata.Name;
            }
            return null;
        })).ToList();
        await Eventually(() => Task.FromResult(server.OpenWatches == 100), "100 watches open");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("broadcast"), "default");
        var names = await Task.WhenAll(watches);
        Assert.All(names, n => Assert.Equal("broadcast", n));
    }

    [Fact]
    public async Task List_pages_with_limit_and_continue_and_reports_the_collection_resourceVersion()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(Cm($"c{i}"), "default");
        }
        var page1 = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2);
        var page2 = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: page1.Metadata.ContinueProperty);
        var page3 = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: page2.Metadata.ContinueProperty);
        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], page1.Items.Concat(page2.Items).Concat(page3.Items).Select(c => c.Metadata.Name));
        Assert.Null(page3.Metadata.ContinueProperty);
        Assert.Equal(3, page1.Metadata.RemainingItemCount);
        Assert.Equal(server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), page1.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Every_page_reports_the_first_pages_resourceVersion_so_a_watch_from_it_replays_changes_made_while_paging()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(Cm($"c{i}"), "default");
        }
        var page1 = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2);
        // c0 was served on page 1 and changes before page 2 is asked for.
        var changed = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch), "c0", "default");
        var page2 = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: page1.Metadata.ContinueProperty);
        Assert.Equal(page1.Metadata.ResourceVersion, page2.Metadata.ResourceVersion);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = await Collect(client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: page2.Metadata.ResourceVersion, timeoutSeconds: 20, cancellationToken: cts.Token), 1, cts);
        Assert.Equal((WatchEventType.Modified, changed.Metadata.ResourceVersion), (events[0].Type, events[0].Object.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task A_list_at_resourceVersion_0_is_one_response_whatever_its_limit_as_from_the_watch_cache()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(Cm($"c{i}"), "default");
        }
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, resourceVersion: "0");
        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], list.Items.Select(c => c.Metadata.Name));
        Assert.Null(list.Metadata.ContinueProperty);
        // A consistent list ("") still pages.
        Assert.NotNull((await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2)).Metadata.ContinueProperty);
    }

    [Fact]
    public async Task A_watch_reset_after_n_events_ends_in_an_IO_error_after_delivering_them()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a"), "default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("b"), "default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Cm("c"), "default");
        server.Faults.ResetWatchesAfter(2, "configmaps");
        var seen = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var (_, cm) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: first.Metadata.ResourceVersion, timeoutSeconds: 60, cancellationToken: cts.Token))
            {
                seen.Add(cm.Metadata.Name);
            }
        });
        Assert.Equal(["b", "c"], seen);
        Assert.True(error is HttpRequestException or IOException, $"{error?.GetType().Name}: {error?.Message}");
    }
}
