using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MultusConfig.Operator.Certificates;

/// <summary>
/// Issues the webhook's CA and serving certificates with .NET's own X.509 support (no openssl, no
/// cert-manager). ECDSA P-256 keys: small, fast, and accepted by the API server's Go TLS client.
/// </summary>
public static class CertificateFactory
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 CreateCa(string commonName, DateTimeOffset now, TimeSpan lifetime, TimeSpan backdate)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now - backdate, now + lifetime);
    }

    /// <summary>A serving certificate signed by <paramref name="ca"/> (which must carry its private key), never outliving it.</summary>
    public static X509Certificate2 CreateServing(X509Certificate2 ca, IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> ipAddresses, DateTimeOffset now, TimeSpan lifetime, TimeSpan backdate)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentNullException.ThrowIfNull(ipAddresses);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = dnsNames.Count > 0 ? dnsNames[^1] : "webhook";
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + subject), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames) san.AddDnsName(name);
        foreach (var ip in ipAddresses) san.AddIpAddress(ip);
        request.CertificateExtensions.Add(san.Build());

        var notBefore = Max(now - backdate, ca.NotBefore.ToUniversalTime());
        var notAfter = Min(now + lifetime, ca.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number, as RFC 5280 requires
        using var issued = request.Create(ca, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
