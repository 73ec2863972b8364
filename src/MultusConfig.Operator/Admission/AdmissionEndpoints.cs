using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MultusConfig.Operator.Admission;

/// <summary>Registration and routing of the two SMC admission webhooks.</summary>
public static class AdmissionEndpoints
{
    /// <summary>Registers the handlers; an <see cref="INadOwnerLookup"/> in the container, if any, enables the NAD-name conflict check.</summary>
    public static IServiceCollection AddAdmissionWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton<SmcMutatingHandler>();
        services.TryAddSingleton(sp => new SmcValidatingHandler(() => sp.GetService<INadOwnerLookup>()));
        return services;
    }

    /// <summary>Maps POST on both webhook paths (call <see cref="AddAdmissionWebhooks"/> first).</summary>
    public static IEndpointRouteBuilder MapAdmissionWebhooks(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ServiceProvider;
        var loggers = services.GetRequiredService<ILoggerFactory>();
        Map(app, services.GetRequiredService<SmcMutatingHandler>(), loggers);
        Map(app, services.GetRequiredService<SmcValidatingHandler>(), loggers);
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, IAdmissionHandler handler, ILoggerFactory loggers)
    {
        var endpoint = new AdmissionEndpoint(handler, loggers.CreateLogger("MultusConfig.Operator.Admission." + handler.GetType().Name));
        app.MapPost(handler.Path, endpoint.InvokeAsync).WithDisplayName("admission " + handler.Path);
    }
}
