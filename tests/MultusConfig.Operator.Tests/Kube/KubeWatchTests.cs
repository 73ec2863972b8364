using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using k8s.Models;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Tests.Kube;

/// <summary>The streamed watch of the operator's own client against the double: events as they happen, and every way a stream ends.</summary>
public sealed class KubeWatchTests
{
    private static readonly KubeJsonContext Json = KubeJsonContext.Default;
    private static readonly KubeResource Nads = KubeResources.NetworkAttachmentDefinitions;

    private static NetworkAttachmentDefinition Nad(string name, string config = "{}") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team1" },
        Spec = new NetworkAttachmentDefinitionSpec { Config = config },
    };

    private static string Rv(KubeDouble k) => k.Server.ResourceVersion.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_watch_yields_added_modified_and_deleted_as_they_happen_and_bookmarks_with_their_resourceVersion()
    {
        await using var k = await KubeDouble.StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var from = Rv(k);
        await using var events = k.Client.WatchAsync(Nads, "team1", new WatchOptions { ResourceVersion = from, TimeoutSeconds = 60 }, Json.NetworkAttachmentDefinition, cts.Token).GetAsyncEnumerator(cts.Token);

        var seen = new List<(WatchEventType, string)>();
        async Task<WatchEvent<NetworkAttachmentDefinition>> NextChangeAsync()
        {
            while (true)
            {
                Assert.True(await events.MoveNextAsync());
                if (events.Current.Type != WatchEventType.Bookmark) return events.Current;
            }
        }
        await k.Client.CreateAsync(Nads, "team1", Nad("w"), Json.NetworkAttachmentDefinition);
        var added = await NextChangeAsync();
        await k.Client.PatchAsync(Nads, "team1", "w", KubePatch.Merge("""{"spec":{"config":"{\"x\":1}"}}"""), Json.NetworkAttachmentDefinition);
        var modified = await NextChangeAsync();
        await k.Client.DeleteAsync(Nads, "team1", "w");
        var deleted = await NextChangeAsync();
        WatchEvent<NetworkAttachmentDefinition> bookmark;
        do
        {
            Assert.True(await events.MoveNextAsync());
            bookmark = events.Current;
        }
        while (bookmark.Type != WatchEventType.Bookmark);

        Assert.Equal((WatchEventType.Added, "{}"), (added.Type, added.Object.Spec.Config));
        Assert.Equal((WatchEventType.Modified, """{"x":1}"""), (modified.Type, modified.Object.Spec.Config));
        Assert.Equal((WatchEventType.Deleted, "w"), (deleted.Type, deleted.Object.Metadata.Name));
        Assert.True(long.Parse(bookmark.Object.Metadata.ResourceVersion, CultureInfo.InvariantCulture) >= long.Parse(deleted.Object.Metadata.ResourceVersion, CultureInfo.InvariantCulture));
        var query = System.Web.HttpUtility.ParseQueryString(k.Server.Requests.All.Single(r => r.Verb == "watch").Query);
        Assert.Equal(("true", from, "60"), (query["allowWatchBookmarks"], query["resourceVersion"], query["timeoutSeconds"]));
    }

    [Fact]
    public async Task A_watch_from_a_compacted_resourceVersion_raises_the_ERROR_events_410_Expired()
    {
        await using var k = await KubeDouble.StartAsync();
        var old = Rv(k);
        await k.Client.CreateAsync(Nads, "team1", Nad("a"), Json.NetworkAttachmentDefinition);
        k.Server.CompactHistory();

        var e = await Assert.ThrowsAsync<KubeApiException>(async () =>
        {
            await foreach (var _ in k.Client.WatchAsync(Nads, "team1", new WatchOptions { ResourceVersion = old, TimeoutSeconds = 30 }, Json.NetworkAttachmentDefinition))
            {
            }
        });

        Assert.Equal((HttpStatusCode.Gone, "Expired"), (e.StatusCode, e.Reason));
        Assert.Equal(200, k.Server.Requests.All.Single(r => r.Verb == "watch").StatusCode);
    }

    [Fact]
    public async Task A_watch_the_server_ends_at_its_timeout_ends_the_enumeration_without_an_error()
    {
        await using var k = await KubeDouble.StartAsync();

        var count = 0;
        await foreach (var _ in k.Client.WatchAsync(Nads, "team1", new WatchOptions { ResourceVersion = Rv(k), TimeoutSeconds = 1, AllowBookmarks = false }, Json.NetworkAttachmentDefinition))
            count++;

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task A_watch_cut_in_the_middle_of_an_event_raises_an_IOException_instead_of_ending_quietly()
    {
        await using var k = await KubeDouble.StartAsync();
        await k.Client.CreateAsync(Nads, "team1", Nad("first"), Json.NetworkAttachmentDefinition);
        await k.Client.CreateAsync(Nads, "team1", Nad("second"), Json.NetworkAttachmentDefinition);
        var events = new List<string>();
        // The first event goes out in half, then the connection drops.
        k.Server.Faults.CutNextWatchEventsMidway(1, "network-attachment-definitions");

        var e = await Record.ExceptionAsync(async () =>
        {
            await foreach (var ev in k.Client.WatchAsync(Nads, "team1", new WatchOptions { ResourceVersion = "0", TimeoutSeconds = 30, AllowBookmarks = false }, Json.NetworkAttachmentDefinition))
                events.Add(ev.Object.Metadata.Name);
        });

        Assert.IsAssignableFrom<IOException>(e);
        Assert.Empty(events);
    }

    [Fact]
    public async Task A_watch_reset_after_an_event_delivers_that_event_then_raises()
    {
        await using var k = await KubeDouble.StartAsync();
        await k.Client.CreateAsync(Nads, "team1", Nad("first"), Json.NetworkAttachmentDefinition);
        await k.Client.CreateAsync(Nads, "team1", Nad("second"), Json.NetworkAttachmentDefinition);
        k.Server.Faults.ResetWatchesAfter(1, "network-attachment-definitions");
        var events = new List<string>();

        var e = await Record.ExceptionAsync(async () =>
        {
            await foreach (var ev in k.Client.WatchAsync(Nads, "team1", new WatchOptions { ResourceVersion = "0", TimeoutSeconds = 30, AllowBookmarks = false }, Json.NetworkAttachmentDefinition))
                events.Add(ev.Object.Metadata.Name);
        });

        Assert.True(e is IOException or HttpRequestException, e?.ToString() ?? "no exception");
        Assert.Equal(["first"], events);
    }

    [Fact]
    public async Task An_undecodable_watch_event_raises_a_JsonException()
    {
        await using var k = await KubeDouble.StartAsync();
        await k.Client.CreateAsync(Nads, "team1", Nad("a"), Json.NetworkAttachmentDefinition);
        k.Server.Faults.CorruptNextWatchEvents(1, "network-attachment-definitions");

        await Assert.ThrowsAnyAsync<JsonException>(async () =>
        {
            await foreach (var _ in k.Client.WatchAsync(Nads, "team1", new WatchOptions { ResourceVersion = "0", TimeoutSeconds = 30 }, Json.NetworkAttachmentDefinition))
            {
            }
        });
    }

    [Fact]
    public async Task An_object_much_larger_than_one_read_arrives_whole()
    {
        await using var k = await KubeDouble.StartAsync();
        var big = new string('x', 900 * 1024);
        await k.Client.CreateAsync(Nads, "team1", Nad("big", big), Json.NetworkAttachmentDefinition);
        await k.Client.CreateAsync(Nads, "team1", Nad("small"), Json.NetworkAttachmentDefinition);

        var configs = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await foreach (var ev in k.Client.WatchAsync(Nads, "team1", new WatchOptions { ResourceVersion = "0", TimeoutSeconds = 30, AllowBookmarks = false }, Json.NetworkAttachmentDefinition, cts.Token))
        {
            configs.Add(ev.Object.Spec.Config);
            if (configs.Count == 2) break;
        }

        Assert.Equal([big, "{}"], configs);
    }

    [Fact]
    public async Task Cancelling_a_watch_closes_its_stream_on_the_server()
    {
        await using var k = await KubeDouble.StartAsync();
        using var cts = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            await foreach (var _ in k.Client.WatchAsync(Nads, "team1", new WatchOptions { ResourceVersion = Rv(k), TimeoutSeconds = 600, AllowBookmarks = false }, Json.NetworkAttachmentDefinition, cts.Token))
            {
            }
        });
        await Eventually.UntilAsync(() => k.Server.OpenWatches == 1, "the watch is open");

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch);
        await Eventually.UntilAsync(() => k.Server.OpenWatches == 0, "the server saw the watch's connection close");
    }

    [Fact]
    public async Task Watch_lines_arriving_one_byte_at_a_time_are_put_together()
    {
        var nad = """{"type":"ADDED","object":{"apiVersion":"k8s.cni.cncf.io/v1","kind":"NetworkAttachmentDefinition","metadata":{"name":"a","resourceVersion":"5"},"spec":{"config":"{}"}}}""";
        var bookmark = """{"object":{"kind":"NetworkAttachmentDefinition","metadata":{"resourceVersion":"9"}},"type":"BOOKMARK"}""";
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(nad + "\n\n" + bookmark + "\n"));
        using var reader = new WatchLineReader(stream);

        var events = new List<WatchEvent<NetworkAttachmentDefinition>>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line) events.Add(WatchEventDecoder.Decode(line.Span, Json.NetworkAttachmentDefinition));

        Assert.Equal([(WatchEventType.Added, "5"), (WatchEventType.Bookmark, "9")], events.Select(e => (e.Type, e.Object.Metadata.ResourceVersion)));
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_line_is_an_IOException_not_a_clean_end()
    {
        var whole = """{"type":"ADDED","object":{"metadata":{"name":"a"},"spec":{"config":"{}"}}}""";
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(whole + "\n" + whole[..20]));
        using var reader = new WatchLineReader(stream);

        Assert.NotNull(await reader.ReadLineAsync(CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(async () => await reader.ReadLineAsync(CancellationToken.None));
    }

    /// <summary>Hands out one byte per read, as the smallest TCP segments would.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
