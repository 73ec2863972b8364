using MultusConfig.Operator.Kube;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Certificates;

/// <summary>Registration of the webhook's serving certificate: operator-managed (default) or from <c>--cert-dir</c>.</summary>
public static class CertificateServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IServerCertificateProvider"/> (plug it into Kestrel's ServerCertificateSelector) and the
    /// hosted service that keeps it current. Managed mode needs a <see cref="KubeClient"/> in the container.
    /// </summary>
    public static IServiceCollection AddWebhookCertificates(this IServiceCollection services, OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new WebhookCertificateSettings());
        services.TryAddSingleton<ServerCertificateProvider>();
        services.TryAddSingleton<IServerCertificateProvider>(sp => sp.GetRequiredService<ServerCertificateProvider>());

        if (!string.IsNullOrEmpty(options.CertDir))
        {
            var directory = options.CertDir;
            services.AddHostedService(sp => new CertificateDirectoryService(
                directory,
                sp.GetRequiredService<ServerCertificateProvider>(),
                sp.GetRequiredService<WebhookCertificateSettings>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<CertificateDirectoryService>>()));
            return services;
        }

        var ns = string.IsNullOrEmpty(options.PodNamespace) ? "default" : options.PodNamespace;
        services.TryAddSingleton(new ServingCertificateNames(options.ServiceName, ns));
        services.TryAddSingleton<ICertificateSecretStore>(sp => new KubernetesCertificateSecretStore(sp.GetRequiredService<KubeClient>(), ns, options.CertSecretName));
        services.TryAddSingleton<ICaBundlePublisher>(sp => new WebhookCaBundlePublisher(
            sp.GetRequiredService<KubeClient>(),
            options.MutatingWebhookConfigurationName,
            options.ValidatingWebhookConfigurationName,
            sp.GetRequiredService<ILogger<WebhookCaBundlePublisher>>()));
        services.TryAddSingleton<ICertificateChangeWatch>(sp => new KubernetesCertificateChangeWatch(
            sp.GetRequiredService<KubeClient>(), ns, options.CertSecretName,
            options.MutatingWebhookConfigurationName, options.ValidatingWebhookConfigurationName,
            sp.GetRequiredService<ILogger<KubernetesCertificateChangeWatch>>()));
        services.TryAddSingleton<ManagedCertificateService>();
        services.AddHostedService(sp => sp.GetRequiredService<ManagedCertificateService>());
        return services;
    }
}
