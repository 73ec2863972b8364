using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MultusConfig.ApiServer;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Tests.Admission;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.Certificates;

/// <summary>The managed-certificate service with its real Kubernetes store and publisher, against the API server double over HTTPS.</summary>
public sealed class CertificateSecretAndCaBundleTests : IAsyncLifetime, IDisposable
{
    private const string Namespace = "kube-system";
    private const string SecretName = "multus-config-webhook-cert";
    private static readonly ServingCertificateNames Names = new("multus-config-webhook", Namespace);
    private ApiServerDouble _server = null!;
    private Kubernetes _client = null!;
    private readonly CapturingLoggerProvider _logs = new();

    public async Task InitializeAsync()
    {
        _server = await ApiServerDouble.StartAsync();
        _client = _server.CreateClient();
        await CreateShippedSecretAsync();
    }

    /// <summary>What the manifests ship: the Secret, empty. The operator may not create it.</summary>
    private Task CreateShippedSecretAsync() =>
        _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = SecretName }, Type = "Opaque" }, Namespace);

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose() => _logs.Dispose();

    private ManagedCertificateService NewReplica(ServerCertificateProvider provider, string mutating = "multus-config-mutating", string validating = "multus-config-validating")
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(_logs));
        return new ManagedCertificateService(
            new KubernetesCertificateSecretStore(OperatorClients.For(_server), Namespace, SecretName),
            new WebhookCaBundlePublisher(OperatorClients.For(_server), mutating, validating, factory.CreateLogger<WebhookCaBundlePublisher>()),
            provider, Names, new WebhookCertificateSettings(), TimeProvider.System, factory.CreateLogger<ManagedCertificateService>());
    }

    private static Admissionregistrationv1WebhookClientConfig ClientConfig(byte[]? caBundle) =>
        new() { Service = new Admissionregistrationv1ServiceReference { Name = Names.ServiceName, NamespaceProperty = Namespace, Path = "/x" }, CaBundle = caBundle };

    private async Task CreateWebhookConfigurationsAsync()
    {
        await _client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(new V1MutatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = "multus-config-mutating" },
            Webhooks =
            [
                new V1MutatingWebhook { Name = "spidermultusconfig.spiderpool.spidernet.io", ClientConfig = ClientConfig(null), SideEffects = "None", AdmissionReviewVersions = ["v1"] },
            ],
        });
        await _client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new V1ValidatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = "multus-config-validating" },
            Webhooks =
            [
                new V1ValidatingWebhook { Name = "a.spiderpool.spidernet.io", ClientConfig = ClientConfig("stale"u8.ToArray()), SideEffects = "None", AdmissionReviewVersions = ["v1"] },
                new V1ValidatingWebhook { Name = "b.spiderpool.spidernet.io", ClientConfig = ClientConfig(null), SideEffects = "None", AdmissionReviewVersions = ["v1"] },
            ],
        });
    }

    private async Task<CertificateBundle?> StoredBundleAsync()
    {
        var secret = await _client.CoreV1.ReadNamespacedSecretAsync(SecretName, Namespace);
        return CertificateBundle.FromSecretData(secret.Data);
    }

    [Fact]
    public async Task FirstRun_FillsTheShippedSecretAndWritesTheCaIntoEveryWebhook()
    {
        await CreateWebhookConfigurationsAsync();
        var provider = new ServerCertificateProvider();
        using var service = NewReplica(provider);

        await service.ReconcileOnceAsync(CancellationToken.None);

        var bundle = (await StoredBundleAsync())!;
        Assert.Equal(bundle.LoadServing().Thumbprint, provider.Current!.Thumbprint);
        var ca = Encoding.UTF8.GetBytes(bundle.CaCertificatePem);
        var mutating = await _client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync("multus-config-mutating");
        var validating = await _client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("multus-config-validating");
        Assert.Equal(ca, Assert.Single(mutating.Webhooks).ClientConfig.CaBundle);
        Assert.All(validating.Webhooks, w => Assert.Equal(ca, w.ClientConfig.CaBundle));
        Assert.Equal(["a.spiderpool.spidernet.io", "b.spiderpool.spidernet.io"], validating.Webhooks.Select(w => w.Name));
    }

    [Fact]
    public async Task SteadyState_WritesNothing()
    {
        await CreateWebhookConfigurationsAsync();
        using var service = NewReplica(new ServerCertificateProvider());
        await service.ReconcileOnceAsync(CancellationToken.None);
        var version = _server.ResourceVersion;

        await service.ReconcileOnceAsync(CancellationToken.None);
        using var second = NewReplica(new ServerCertificateProvider());
        await second.ReconcileOnceAsync(CancellationToken.None);

        Assert.Equal(version, _server.ResourceVersion);
    }

    [Fact]
    public async Task TwoReplicasStartingTogether_ShareOneSecret()
    {
        var providers = Enumerable.Range(0, 3).Select(_ => new ServerCertificateProvider()).ToList();
        var services = providers.Select(p => NewReplica(p)).ToList();

        await Task.WhenAll(services.Select(s => Task.Run(() => s.ReconcileOnceAsync(CancellationToken.None))));

        var stored = (await StoredBundleAsync())!;
        Assert.All(providers, p => Assert.Equal(stored.LoadServing().Thumbprint, p.Current!.Thumbprint));
        services.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task CorruptedSecret_IsRewrittenAndTheCaBundleFollows()
    {
        await CreateWebhookConfigurationsAsync();
        var shipped = await _client.CoreV1.ReadNamespacedSecretAsync(SecretName, Namespace);
        shipped.Metadata.Labels = new Dictionary<string, string> { ["kept"] = "yes" };
        shipped.Data = new Dictionary<string, byte[]> { ["tls.crt"] = "junk"u8.ToArray(), ["tls.key"] = "junk"u8.ToArray() };
        await _client.CoreV1.ReplaceNamespacedSecretAsync(shipped, SecretName, Namespace);
        var provider = new ServerCertificateProvider();
        using var service = NewReplica(provider);

        await service.ReconcileOnceAsync(CancellationToken.None);

        var bundle = await StoredBundleAsync();
        Assert.NotNull(bundle);
        Assert.Equal(BundleVerdict.Usable, CertificateInspector.Inspect(bundle, Names, DateTimeOffset.UtcNow, new WebhookCertificateSettings()).Verdict);
        Assert.Equal("yes", (await _client.CoreV1.ReadNamespacedSecretAsync(SecretName, Namespace)).Metadata.Labels["kept"]);
        var validating = await _client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("multus-config-validating");
        Assert.Equal(Encoding.UTF8.GetBytes(bundle.CaCertificatePem), validating.Webhooks[0].ClientConfig.CaBundle);
    }

    [Fact]
    public async Task DeletedSecret_IsNotCreated_TheReplicaKeepsServingItsCertificateAndLogsWhichSecretIsMissing()
    {
        var provider = new ServerCertificateProvider();
        using var service = NewReplica(provider);
        await service.ReconcileOnceAsync(CancellationToken.None);
        var served = provider.Current!.Thumbprint;
        await _client.CoreV1.DeleteNamespacedSecretAsync(SecretName, Namespace);

        await service.ReconcileOnceAsync(CancellationToken.None);

        Assert.Null(_server.Get("v1", "Secret", Namespace, SecretName));
        Assert.Equal(served, provider.Current!.Thumbprint);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains($"Secret {Namespace}/{SecretName} does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingSecret_AtStart_LeavesTheReplicaWithoutACertificateAndNamesTheSecretForReadiness()
    {
        await _client.CoreV1.DeleteNamespacedSecretAsync(SecretName, Namespace);
        var provider = new ServerCertificateProvider();
        using var service = NewReplica(provider);

        var error = await Assert.ThrowsAsync<CertificateSecretMissingException>(() => service.ReconcileOnceAsync(CancellationToken.None));

        Assert.Null(provider.Current);
        Assert.Contains($"Secret {Namespace}/{SecretName}", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, provider.Problem);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains($"Secret {Namespace}/{SecretName}", StringComparison.Ordinal));
        Assert.Null(_server.Get("v1", "Secret", Namespace, SecretName));
    }

    [Fact]
    public async Task RecreatedEmptySecret_IsFilledWithTheCertificateTheReplicaServes_SoNoCaChanges()
    {
        await CreateWebhookConfigurationsAsync();
        var provider = new ServerCertificateProvider();
        using var service = NewReplica(provider);
        await service.ReconcileOnceAsync(CancellationToken.None);
        var before = (await StoredBundleAsync())!;
        await _client.CoreV1.DeleteNamespacedSecretAsync(SecretName, Namespace);
        await service.ReconcileOnceAsync(CancellationToken.None);
        await CreateShippedSecretAsync();

        await service.ReconcileOnceAsync(CancellationToken.None);

        var after = (await StoredBundleAsync())!;
        Assert.Equal(before.CaCertificatePem, after.CaCertificatePem);
        Assert.Equal(before.CertificatePem, after.CertificatePem);
        Assert.Null(provider.Problem);
    }

    [Fact]
    public async Task MissingWebhookConfigurations_AreSkippedWithAWarning()
    {
        var provider = new ServerCertificateProvider();
        using var service = NewReplica(provider, mutating: "absent-mutating", validating: "absent-validating");

        await service.ReconcileOnceAsync(CancellationToken.None);

        Assert.NotNull(provider.Current);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("absent-mutating", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("absent-validating", StringComparison.Ordinal));
    }
}
