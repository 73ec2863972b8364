using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Names each Kestrel listener on its connections, so an endpoint answers on its own listener only: ports may be
/// 0 (chosen by the OS) in tests and two listeners speak TLS, so neither the port nor the scheme tells them apart.
/// </summary>
public static class Listeners
{
    public const string Health = "health";
    public const string Webhook = "webhook";
    public const string Metrics = "metrics";

    private const string Key = "multus-config.listener";

    public static void Tag(ListenOptions listen, string name)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.ApplicationServices.GetService<Bound>()?.Add(name, listen);
        listen.Use(next => connection =>
        {
            connection.Items[Key] = name;
            return next(connection);
        });
    }

    /// <summary>Where a listener serves once the host has started (the port the OS chose for port 0); null if it does not.</summary>
    public static Uri? Address(IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        var listen = services.GetRequiredService<Bound>().Get(name);
        // Kestrel replaces the configured endpoint with the bound one when it starts listening.
        return listen?.IPEndPoint is { } endpoint ? new Uri($"{(name == Health ? "http" : "https")}://{endpoint}") : null;
    }

    /// <summary>The listen options of each named listener (a singleton of the host).</summary>
    internal sealed class Bound
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ListenOptions> _byName = new(StringComparer.Ordinal);

        public void Add(string name, ListenOptions listen) => _byName[name] = listen;

        public ListenOptions? Get(string name) => _byName.TryGetValue(name, out var l) ? l : null;
    }

    public static string? Of(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(Key, out var name) == true ? name as string : null;

    /// <summary>An endpoint filter answering 404 on every other listener.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Only(string name) =>
        (context, next) => Of(context.HttpContext) == name ? next(context) : ValueTask.FromResult<object?>(Results.NotFound());
}
