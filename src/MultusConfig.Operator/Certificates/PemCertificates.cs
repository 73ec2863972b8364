using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MultusConfig.Operator.Certificates;

/// <summary>Conversions between PEM text (what Secrets and cert-manager hold) and certificates Kestrel can serve.</summary>
public static class PemCertificates
{
    public static string CertificatePem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.ExportCertificatePem();
    }

    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("the certificate carries no ECDSA or RSA private key");
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>
    /// A certificate with its key, usable by SslStream. On Linux a key attached by CreateFromPem is ephemeral and
    /// some TLS paths refuse it, so the pair is round-tripped through PKCS#12 as Kestrel's own PEM loader does.
    /// Throws <see cref="CryptographicException"/> when the PEM is unreadable or the key does not match.
    /// </summary>
    public static X509Certificate2 LoadWithKey(string certificatePem, string keyPem)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (ArgumentException e)
        {
            // A key of another certificate (or an empty PEM) is bad data like any other: one exception type for callers.
            throw new CryptographicException(e.Message, e);
        }
    }

    /// <summary>All certificates of a PEM bundle (a caBundle may hold several); throws <see cref="CryptographicException"/> when there are none.</summary>
    public static X509Certificate2Collection LoadBundle(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        if (collection.Count == 0) throw new CryptographicException("no certificate in the PEM text");
        return collection;
    }
}
