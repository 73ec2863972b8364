using System.Net;
using System.Security.Cryptography.X509Certificates;
using MultusConfig.Operator.Certificates;

namespace MultusConfig.Operator.Tests.Certificates;

public sealed class CertificateFactoryTests
{
    private static readonly ServingCertificateNames Names = new("multus-config-webhook", "multus-system");

    [Fact]
    public void Issue_ServingCertificate_ChainsToItsCaAndCoversEveryServiceName()
    {
        var now = DateTimeOffset.UtcNow;
        var bundle = CertificateBundle.Issue(Names, now, new WebhookCertificateSettings());
        using var ca = bundle.LoadCa();
        using var serving = bundle.LoadServing();

        Assert.True(CertificateInspector.ChainsTo(serving, ca, now));
        var san = serving.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(
            ["localhost", "multus-config-webhook", "multus-config-webhook.multus-system", "multus-config-webhook.multus-system.svc", "multus-config-webhook.multus-system.svc.cluster.local"],
            san.EnumerateDnsNames().Order(StringComparer.Ordinal));
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        Assert.True(serving.HasPrivateKey);
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.False(serving.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.InRange(serving.NotAfter.ToUniversalTime() - now.UtcDateTime, TimeSpan.FromDays(364), TimeSpan.FromDays(366));
        Assert.InRange(ca.NotAfter.ToUniversalTime() - now.UtcDateTime, TimeSpan.FromDays(3649), TimeSpan.FromDays(3651));
        Assert.Equal(BundleVerdict.Usable, CertificateInspector.Inspect(bundle, Names, now, new WebhookCertificateSettings()).Verdict);
    }

    [Fact]
    public void Issue_ServingCertificate_IsNotTrustedThroughAnotherCa()
    {
        var now = DateTimeOffset.UtcNow;
        var settings = new WebhookCertificateSettings();
        var one = CertificateBundle.Issue(Names, now, settings);
        var other = CertificateBundle.Issue(Names, now, settings);
        using var otherCa = other.LoadCa();
        using var serving = one.LoadServing();

        Assert.False(CertificateInspector.ChainsTo(serving, otherCa, now));
        var mixed = one with { CertificatePem = other.CertificatePem, KeyPem = other.KeyPem };
        Assert.Equal(BundleVerdict.RenewServing, CertificateInspector.Inspect(mixed, Names, now, settings).Verdict);
    }

    [Fact]
    public void Inspect_BundleAtTwoThirdsOfItsLifetime_AsksForARenewedServingCertificate()
    {
        var now = DateTimeOffset.UtcNow;
        var settings = new WebhookCertificateSettings();
        var bundle = CertificateBundle.Issue(Names, now, settings);

        Assert.Equal(BundleVerdict.Usable, CertificateInspector.Inspect(bundle, Names, now + TimeSpan.FromDays(240), settings).Verdict);
        Assert.Equal(BundleVerdict.RenewServing, CertificateInspector.Inspect(bundle, Names, now + TimeSpan.FromDays(245), settings).Verdict);
        Assert.Equal(BundleVerdict.Reissue, CertificateInspector.Inspect(bundle, Names, now + TimeSpan.FromDays(2440), settings).Verdict);
    }

    [Fact]
    public void Inspect_ServiceRenamed_AsksForARenewedServingCertificate()
    {
        var now = DateTimeOffset.UtcNow;
        var bundle = CertificateBundle.Issue(Names, now, new WebhookCertificateSettings());

        var (verdict, reason) = CertificateInspector.Inspect(bundle, new ServingCertificateNames("renamed", "multus-system"), now, new WebhookCertificateSettings());

        Assert.Equal(BundleVerdict.RenewServing, verdict);
        Assert.Contains("renamed", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ca.crt")]
    [InlineData("ca.key")]
    public void Inspect_CorruptedCa_AsksForANewCa(string key)
    {
        var data = CertificateBundle.Issue(Names, DateTimeOffset.UtcNow, new WebhookCertificateSettings()).ToSecretData();
        data[key] = "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"u8.ToArray();

        var verdict = CertificateInspector.Inspect(CertificateBundle.FromSecretData(data), Names, DateTimeOffset.UtcNow, new WebhookCertificateSettings()).Verdict;

        Assert.Equal(BundleVerdict.Reissue, verdict);
    }

    [Fact]
    public void Inspect_KeyOfAnotherCertificate_IsNotUsable()
    {
        var settings = new WebhookCertificateSettings();
        var one = CertificateBundle.Issue(Names, DateTimeOffset.UtcNow, settings);
        var other = CertificateBundle.Issue(Names, DateTimeOffset.UtcNow, settings);

        Assert.Equal(BundleVerdict.RenewServing, CertificateInspector.Inspect(one with { KeyPem = other.KeyPem }, Names, DateTimeOffset.UtcNow, settings).Verdict);
        Assert.Equal(BundleVerdict.Reissue, CertificateInspector.Inspect(one with { CaKeyPem = other.CaKeyPem }, Names, DateTimeOffset.UtcNow, settings).Verdict);
    }
}
