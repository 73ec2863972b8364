namespace MultusConfig.Operator.Controller.Runtime;

/// <summary>Informer timings; the defaults are client-go's.</summary>
public sealed record InformerOptions
{
    public int PageSize { get; init; } = 500;
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>How much longer than the server-side timeout a stream may stay silent before the watchdog cuts it.</summary>
    public TimeSpan WatchdogMargin { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(800);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>A watch closed sooner than this without an event counts as a failure (client-go's "very short watch").</summary>
    public TimeSpan ShortWatch { get; init; } = TimeSpan.FromSeconds(1);
}
