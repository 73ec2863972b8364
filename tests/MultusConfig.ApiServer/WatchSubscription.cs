using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace MultusConfig.ApiServer;

/// <summary>An item a watch stream writes: an event, a bookmark, or the end of the stream.</summary>
internal sealed record WatchItem(string Type, string? Json, long ResourceVersion, bool InitialEventsEnd = false, bool Abort = false);

/// <summary>
/// One open watch. Filtering happens here, with the real watch cache's rule for selectors: an update
/// that makes an object start matching is ADDED, one that makes it stop matching is DELETED.
/// </summary>
internal sealed class WatchSubscription(ResourceType type, string? ns, Func<JsonObject, bool> matches)
{
    private readonly Channel<WatchItem> _items = Channel.CreateUnbounded<WatchItem>(new UnboundedChannelOptions { SingleReader = true });

    public ResourceType Type { get; } = type;

    public ChannelReader<WatchItem> Items => _items.Reader;

    public void Offer(StoredEvent e)
    {
        if (ns is { Length: > 0 } && e.Namespace != ns)
        {
            return;
        }
        var now = matches(e.Object);
        var before = e.OldObject is not null && matches(e.OldObject);
        var type = e.Type switch
        {
            "MODIFIED" when now && !before => "ADDED",
            "MODIFIED" when !now && before => "DELETED",
            "MODIFIED" when now => "MODIFIED",
            "ADDED" when now => "ADDED",
            "DELETED" when before || (e.OldObject is null && now) => "DELETED",
            _ => null,
        };
        if (type is not null)
        {
            _items.Writer.TryWrite(new WatchItem(type, e.Json, e.ResourceVersion));
        }
    }

    public void OfferBookmark(long resourceVersion, bool initialEventsEnd) =>
        _items.Writer.TryWrite(new WatchItem("BOOKMARK", null, resourceVersion, initialEventsEnd));

    public void Close(bool abort = false)
    {
        _items.Writer.TryWrite(new WatchItem("CLOSE", null, 0, Abort: abort));
        _items.Writer.TryComplete();
    }
}
