using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MultusConfig.Operator.Certificates;

namespace MultusConfig.Operator.Tests.Certificates;

/// <summary>The managed-certificate loop against the Secret seam (the shipped, empty Secret; conditional replace as the API server does it).</summary>
public sealed class ManagedCertificateServiceTests
{
    private static readonly ServingCertificateNames Names = new("multus-config-webhook", "multus-system");
    private readonly WebhookCertificateSettings _settings = new();
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly InMemorySecretStore _store = new();
    private readonly RecordingPublisher _publisher = new();

    private ManagedCertificateService NewReplica(ServerCertificateProvider provider) =>
        new(_store, _publisher, provider, Names, _settings, _clock, NullLogger<ManagedCertificateService>.Instance);

    [Fact]
    public async Task FirstRun_StoresANewBundleServesItAndPublishesItsCa()
    {
        var provider = new ServerCertificateProvider();
        using var service = NewReplica(provider);

        await service.ReconcileOnceAsync(CancellationToken.None);

        var bundle = CertificateBundle.FromSecretData(_store.Current!.Data)!;
        Assert.Equal(BundleVerdict.Usable, CertificateInspector.Inspect(bundle, Names, _clock.GetUtcNow(), _settings).Verdict);
        Assert.Equal(bundle.LoadServing().Thumbprint, provider.Current!.Thumbprint);
        Assert.Equal(bundle.CaCertificatePem, Encoding.UTF8.GetString(Assert.Single(_publisher.Published)));
    }

    [Fact]
    public async Task ValidSecret_IsReusedWithoutAnyWrite()
    {
        using var first = NewReplica(new ServerCertificateProvider());
        await first.ReconcileOnceAsync(CancellationToken.None);
        var version = _store.Current!.ResourceVersion;
        var provider = new ServerCertificateProvider();
        using var second = NewReplica(provider);

        await second.ReconcileOnceAsync(CancellationToken.None);
        await second.ReconcileOnceAsync(CancellationToken.None);

        Assert.Equal(1, _store.Writes);
        Assert.Equal(version, _store.Current!.ResourceVersion);
        Assert.Equal(CertificateBundle.FromSecretData(_store.Current.Data)!.LoadServing().Thumbprint, provider.Current!.Thumbprint);
    }

    [Fact]
    public async Task TwoReplicasStartingTogether_AgreeOnOneCaAndCertificate()
    {
        var providers = Enumerable.Range(0, 4).Select(_ => new ServerCertificateProvider()).ToList();
        var services = providers.Select(NewReplica).ToList();

        await Task.WhenAll(services.Select(s => Task.Run(() => s.ReconcileOnceAsync(CancellationToken.None))));

        Assert.Single(providers.Select(p => p.Current!.Thumbprint).Distinct());
        Assert.Single(_publisher.Published.Select(Encoding.UTF8.GetString).Distinct());
        services.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task RenewalDue_IssuesANewServingCertificateFromTheSameCa()
    {
        var provider = new ServerCertificateProvider();
        using var service = NewReplica(provider);
        await service.ReconcileOnceAsync(CancellationToken.None);
        var before = CertificateBundle.FromSecretData(_store.Current!.Data)!;
        var firstServed = provider.Current!.Thumbprint;

        _clock.Advance(TimeSpan.FromDays(250));
        await service.ReconcileOnceAsync(CancellationToken.None);

        var after = CertificateBundle.FromSecretData(_store.Current!.Data)!;
        Assert.Equal(before.CaCertificatePem, after.CaCertificatePem);
        Assert.NotEqual(before.CertificatePem, after.CertificatePem);
        Assert.NotEqual(firstServed, provider.Current!.Thumbprint);
        Assert.Equal(BundleVerdict.Usable, CertificateInspector.Inspect(after, Names, _clock.GetUtcNow(), _settings).Verdict);
    }

    [Fact]
    public async Task NextCheck_IsTheRecheckIntervalOrTheRenewalTimeIfSooner()
    {
        var provider = new ServerCertificateProvider();
        using var service = NewReplica(provider);

        var soon = await service.ReconcileOnceAsync(CancellationToken.None);
        var served = provider.Current!;
        var renewAt = _settings.RenewalTime(served.NotBefore.ToUniversalTime(), served.NotAfter.ToUniversalTime());
        _clock.Advance(renewAt - _clock.GetUtcNow() - TimeSpan.FromSeconds(30));
        var nearRenewal = await service.ReconcileOnceAsync(CancellationToken.None);

        Assert.Equal(_settings.RecheckInterval, soon);
        Assert.Equal(TimeSpan.FromSeconds(30), nearRenewal);
    }

    [Fact]
    public async Task CorruptedSecret_IsReplacedWithAWorkingBundle()
    {
        _store.Current = new StoredCertificateSecret(new Dictionary<string, byte[]>
        {
            ["tls.crt"] = "garbage"u8.ToArray(), ["tls.key"] = "garbage"u8.ToArray(), ["ca.crt"] = "garbage"u8.ToArray(), ["ca.key"] = "garbage"u8.ToArray(),
        }, null);
        var provider = new ServerCertificateProvider();
        using var service = NewReplica(provider);

        await service.ReconcileOnceAsync(CancellationToken.None);

        var bundle = CertificateBundle.FromSecretData(_store.Current!.Data)!;
        Assert.Equal(BundleVerdict.Usable, CertificateInspector.Inspect(bundle, Names, _clock.GetUtcNow(), _settings).Verdict);
        Assert.NotNull(provider.Current);
    }

    [Fact]
    public async Task SecretMissingKeys_IsRefilled()
    {
        _store.Current = new StoredCertificateSecret(new Dictionary<string, byte[]> { ["unrelated"] = [1] }, null);
        using var service = NewReplica(new ServerCertificateProvider());

        await service.ReconcileOnceAsync(CancellationToken.None);

        Assert.NotNull(CertificateBundle.FromSecretData(_store.Current!.Data));
    }
    [Fact]
    public async Task CaChange_PublishesTheOldAndTheNewCaTogetherUntilTheOverlapEnds_ThenTheNewCaAlone()
    {
        var oldProvider = new ServerCertificateProvider();
        using var oldReplica = NewReplica(oldProvider);
        await oldReplica.ReconcileOnceAsync(CancellationToken.None);
        var old = CertificateBundle.FromSecretData(_store.Current!.Data)!;
        // The CA key is damaged: a replica that has no certificate of its own yet must start a new CA.
        var damaged = new Dictionary<string, byte[]>(_store.Current.Data) { [CertificateBundle.CaKeyKey] = "garbage"u8.ToArray() };
        _store.Current = new StoredCertificateSecret(damaged, null);
        using var newReplica = NewReplica(new ServerCertificateProvider());

        await newReplica.ReconcileOnceAsync(CancellationToken.None);

        var changed = CertificateBundle.FromSecretData(_store.Current!.Data)!;
        Assert.NotEqual(old.CaCertificatePem, changed.CaCertificatePem);
        var during = Encoding.UTF8.GetString(_publisher.Published[^1]);
        Assert.Contains(old.CaCertificatePem.Trim(), during, StringComparison.Ordinal);
        Assert.Contains(changed.CaCertificatePem.Trim(), during, StringComparison.Ordinal);

        // The replica still serving the old certificate loads the new one; the caBundle keeps both meanwhile.
        await oldReplica.ReconcileOnceAsync(CancellationToken.None);
        Assert.Equal(changed.LoadServing().Thumbprint, oldProvider.Current!.Thumbprint);
        Assert.Equal(during, Encoding.UTF8.GetString(_publisher.Published[^1]));

        _clock.Advance(_settings.CaOverlap);
        await oldReplica.ReconcileOnceAsync(CancellationToken.None);

        var after = Encoding.UTF8.GetString(_publisher.Published[^1]);
        Assert.Equal(changed.CaCertificatePem, after);
        Assert.False(_store.Current!.Data.ContainsKey(CertificateBundle.PreviousCaKey));
    }

    [Fact]
    public async Task DamagedSecret_IsRepairedWithTheCertificateTheReplicaServes_SoTheCaDoesNotChange()
    {
        var provider = new ServerCertificateProvider();
        using var service = NewReplica(provider);
        await service.ReconcileOnceAsync(CancellationToken.None);
        var before = CertificateBundle.FromSecretData(_store.Current!.Data)!;
        _store.Current = new StoredCertificateSecret(new Dictionary<string, byte[]> { ["ca.key"] = "garbage"u8.ToArray() }, null);

        await service.ReconcileOnceAsync(CancellationToken.None);

        var after = CertificateBundle.FromSecretData(_store.Current!.Data)!;
        Assert.Equal(before.CaCertificatePem, after.CaCertificatePem);
        Assert.Equal(before.CertificatePem, after.CertificatePem);
        Assert.All(_publisher.Published, p => Assert.Equal(before.CaCertificatePem, Encoding.UTF8.GetString(p)));
    }
}
