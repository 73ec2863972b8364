using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// At most <see cref="MaxConnections"/> open connections to the webhook port; the next one is closed at once,
/// before its TLS handshake. Kestrel's own MaxConcurrentConnections would count every listener, so a flood of
/// webhook connections would also shut out the kubelet's probes on the health port; this limit is the webhook's
/// alone. The API server keeps a few connections per replica alive and reuses them.
/// </summary>
internal static class WebhookConnectionLimit
{
    /// <summary>Far above what API servers open, low enough that idle TLS connections cannot fill the heap.</summary>
    public const int MaxConnections = 512;

    public static void Apply(ListenOptions listen, int maxConnections = MaxConnections)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var open = 0;
        listen.Use(next => async connection =>
        {
            try
            {
                if (Interlocked.Increment(ref open) > maxConnections)
                {
                    connection.Abort(new Microsoft.AspNetCore.Connections.ConnectionAbortedException("the webhook's connection limit is reached"));
                    return;
                }
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref open);
            }
        });
    }
}
