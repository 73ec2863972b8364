using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MultusConfig.Operator.Kube;

/// <summary>Certificates and keys from PEM text, with errors that say where the text came from.</summary>
internal static class Pem
{
    public static X509Certificate2Collection Certificates(string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new CryptographicException($"not a PEM certificate: {e.Message}", e);
        }
        return certificates.Count > 0 ? certificates : throw new CryptographicException("no PEM certificate in it");
    }

    /// <summary>
    /// The certificate with its private key. Exported and loaded again as PKCS#12: a key that only lives in memory is
    /// not usable for TLS client authentication on every platform (SslStream on Windows); cheap on Linux too.
    /// </summary>
    public static X509Certificate2 CertificateWithKey(string certificatePem, string keyPem)
    {
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (ArgumentException e)
        {
            // CreateFromPem's way of saying "no certificate" or "no key" in the text.
            throw new CryptographicException(e.Message, e);
        }
    }
}
