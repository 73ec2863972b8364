using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using MultusConfig.Operator.Certificates;
using MultusConfig.Operator.Tests.Admission;

namespace MultusConfig.Operator.Tests.Certificates;

/// <summary>What a TLS client actually gets from Kestrel when the operator's certificate code feeds it.</summary>
public sealed class ServedCertificateTests
{
    private static readonly ServingCertificateNames Names = new("multus-config-webhook", "multus-system");

    [Theory]
    [InlineData("multus-config-webhook")]
    [InlineData("multus-config-webhook.multus-system")]
    [InlineData("multus-config-webhook.multus-system.svc")]
    [InlineData("multus-config-webhook.multus-system.svc.cluster.local")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task ServingCertificate_PassesHostNameAndChainChecksForEachServiceName(string host)
    {
        var provider = new ServerCertificateProvider();
        var bundle = CertificateBundle.Issue(Names, DateTimeOffset.UtcNow, new WebhookCertificateSettings());
        provider.Set(bundle.LoadServing());
        using var ca = bundle.LoadCa();
        await using var server = await WebhookHost.StartAsync(provider: provider);
        using var client = TestCa.ClientTrusting(ca, new Uri($"https://{host}:{server.Port}"), connectTo: new IPEndPoint(IPAddress.Loopback, server.Port));

        using var response = await client.GetAsync(new Uri("/no-such-path", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ServingCertificate_IsRefusedForANameItDoesNotCover()
    {
        var provider = new ServerCertificateProvider();
        var bundle = CertificateBundle.Issue(Names, DateTimeOffset.UtcNow, new WebhookCertificateSettings());
        provider.Set(bundle.LoadServing());
        using var ca = bundle.LoadCa();
        await using var server = await WebhookHost.StartAsync(provider: provider);
        using var client = TestCa.ClientTrusting(ca, new Uri($"https://other-service.multus-system.svc:{server.Port}"), connectTo: new IPEndPoint(IPAddress.Loopback, server.Port));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("/", UriKind.Relative)));
    }

    [Fact]
    public async Task Renewal_ReplacesTheCertificateKestrelServesWithoutARestart()
    {
        // Short lifetimes on a clock that starts in the past, so both certificates are valid in real time too.
        var settings = new WebhookCertificateSettings { ServingLifetime = TimeSpan.FromDays(30), CaLifetime = TimeSpan.FromDays(300) };
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromDays(25));
        var store = new InMemorySecretStore();
        var provider = new ServerCertificateProvider();
        using var service = new ManagedCertificateService(store, new RecordingPublisher(), provider, Names, settings, clock, NullLogger<ManagedCertificateService>.Instance);
        await service.ReconcileOnceAsync(CancellationToken.None);
        var bundle = CertificateBundle.FromSecretData(store.Current!.Data)!;
        using var ca = bundle.LoadCa();
        await using var server = await WebhookHost.StartAsync(provider: provider);

        var before = await ServedCertificateAsync(ca, server.Port);
        clock.Advance(TimeSpan.FromDays(25));
        await service.ReconcileOnceAsync(CancellationToken.None);
        var after = await ServedCertificateAsync(ca, server.Port);

        Assert.Equal(provider.Current!.Thumbprint, after.Thumbprint);
        Assert.NotEqual(before.Thumbprint, after.Thumbprint);
        Assert.True(after.NotAfter > before.NotAfter);
        Assert.Equal(bundle.CaCertificatePem, CertificateBundle.FromSecretData(store.Current!.Data)!.CaCertificatePem);
    }

    private static async Task<X509Certificate2> ServedCertificateAsync(X509Certificate2 ca, int port)
    {
        X509Certificate2? seen = null;
        using var client = TestCa.ClientTrusting(ca, new Uri($"https://localhost:{port}"), c => seen = c);
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        return seen ?? throw new InvalidOperationException("no certificate was presented");
    }
}
