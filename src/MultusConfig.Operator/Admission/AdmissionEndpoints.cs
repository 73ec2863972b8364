using Microsoft.Extensions.DependencyInjection.Extensions;
using MultusConfig.Core.Pipeline;
using MultusConfig.Operator.Controller;

namespace MultusConfig.Operator.Admission;

/// <summary>Registration and routing of the two SMC admission webhooks.</summary>
public static class AdmissionEndpoints
{
    /// <summary>
    /// Registers the handlers; an <see cref="INadOwnerLookup"/> in the container, if any, enables the NAD-name
    /// conflict check, an <see cref="AdoptionAuthorizer"/> the permission check for adopting an existing NAD, and a
    /// <see cref="RenderNoteWarnings"/> registered first sets the render profile of the warnings.
    /// </summary>
    public static IServiceCollection AddAdmissionWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton<SmcMutatingHandler>();
        services.TryAddSingleton<LargeReviewLane>();
        services.TryAddSingleton(new RenderNoteWarnings(RenderProfile.Documented));
        services.TryAddSingleton(sp => new SmcValidatingHandler(() => sp.GetService<INadOwnerLookup>(), () => sp.GetService<AdoptionAuthorizer>())
        {
            Warnings = sp.GetRequiredService<RenderNoteWarnings>(),
            AllowedTypes = sp.GetService<CniTypeAllowList>() ?? CniTypeAllowList.None,
        });
        return services;
    }

    /// <summary>Maps POST on both webhook paths (call <see cref="AddAdmissionWebhooks"/> first).</summary>
    public static IEndpointRouteBuilder MapAdmissionWebhooks(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ServiceProvider;
        var loggers = services.GetRequiredService<ILoggerFactory>();
        // One lane for both webhooks: the bulkhead bounds the CPU all large reviews take together.
        var lane = services.GetRequiredService<LargeReviewLane>();
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        Map(app, services.GetRequiredService<SmcMutatingHandler>(), lane, loggers, time);
        Map(app, services.GetRequiredService<SmcValidatingHandler>(), lane, loggers, time);
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, IAdmissionHandler handler, LargeReviewLane lane, ILoggerFactory loggers, TimeProvider time)
    {
        AdmissionMetrics.Initialize(handler.Path);
        var endpoint = new AdmissionEndpoint(handler, lane, loggers.CreateLogger("MultusConfig.Operator.Admission." + handler.GetType().Name), time);
        app.MapPost(handler.Path, endpoint.InvokeAsync).WithDisplayName("admission " + handler.Path);
    }
}
