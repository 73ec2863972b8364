namespace MultusConfig.Operator.Metrics;

/// <summary>Serves a registry's text exposition, as prometheus-net's UseMetricServer did (any method, the path and below it).</summary>
public static class MetricsEndpoint
{
    public static IApplicationBuilder UseMetricsEndpoint(this IApplicationBuilder app, string path, MetricRegistry? registry = null)
    {
        var served = registry ?? MetricRegistry.Default;
        return app.Map(path, branch => branch.Run(context => WriteAsync(context, served)));
    }

    /// <summary>Writes straight into the response's pipe: a scrape copies no intermediate string.</summary>
    public static async Task WriteAsync(HttpContext context, MetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(registry);
        context.Response.ContentType = TextExposition.ContentType;
        registry.WriteTo(context.Response.BodyWriter);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
