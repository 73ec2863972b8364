using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Tests.Certificates;

/// <summary>What AddWebhookCertificates wires, and that its hosted service produces a certificate on its own.</summary>
public sealed class CertificateRegistrationTests
{
    private static ServiceProvider Build(OperatorOptions options, MultusConfig.Operator.Kube.KubeClient? client = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (client is not null) services.AddSingleton(client);
        services.AddWebhookCertificates(options);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void CertDirOption_RegistersTheDirectoryWatcherAndNoClusterWriter()
    {
        using var provider = Build(new OperatorOptions { CertDir = "/tmp/does-not-matter" });

        Assert.IsType<CertificateDirectoryService>(Assert.Single(provider.GetServices<IHostedService>()));
        Assert.Null(provider.GetService<ICertificateSecretStore>());
        Assert.Same(provider.GetRequiredService<ServerCertificateProvider>(), provider.GetRequiredService<IServerCertificateProvider>());
    }

    [Fact]
    public async Task DefaultMode_HostedServiceFillsTheShippedSecretAndServesACertificateByItself()
    {
        await using var server = await ApiServerDouble.StartAsync();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedSecretAsync(new k8s.Models.V1Secret { Metadata = new() { Name = "webhook-cert" }, Type = "Opaque" }, "kube-system");
        using var provider = Build(new OperatorOptions { PodNamespace = "kube-system", CertSecretName = "webhook-cert" }, Controller.OperatorClients.For(server));
        var hosted = Assert.IsType<ManagedCertificateService>(Assert.Single(provider.GetServices<IHostedService>()));
        var certificates = provider.GetRequiredService<IServerCertificateProvider>();

        await hosted.StartAsync(CancellationToken.None);
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (certificates.Current is null) await Task.Delay(20, limit.Token);
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        var secret = await client.CoreV1.ReadNamespacedSecretAsync("webhook-cert", "kube-system");
        Assert.Equal(CertificateBundle.FromSecretData(secret.Data)!.LoadServing().Thumbprint, certificates.Current.Thumbprint);
    }
}
