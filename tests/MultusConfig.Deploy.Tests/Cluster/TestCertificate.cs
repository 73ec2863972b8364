using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MultusConfig.Deploy.Tests.Cluster;

/// <summary>What cert-manager's self-signed Issuer would put in the Secret: a self-signed serving certificate for the webhook Service.</summary>
internal static class TestCertificate
{
    /// <summary>Writes tls.crt and tls.key into a new folder; returns it and the certificate PEM (the caBundle).</summary>
    public static (string Dir, string CaPem) WriteServing(string serviceDnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + serviceDnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(serviceDnsName);
        request.CertificateExtensions.Add(san.Build());
        // Its own CA, as a self-signed Issuer's certificate is: the caBundle is the certificate itself.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var dir = Directory.CreateTempSubdirectory("certs-").FullName;
        var pem = certificate.ExportCertificatePem();
        File.WriteAllText(Path.Combine(dir, "tls.crt"), pem);
        File.WriteAllText(Path.Combine(dir, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        return (dir, pem);
    }
}
