using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MultusConfig.Operator.Hosting;

/// <summary>Temporary self-signed certificate until the certificate manager is wired in.</summary>
internal static class DevelopmentCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=multus-config-webhook", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
