using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MultusConfig.Operator.Certificates;

/// <summary>The four PEM texts kept in the certificate Secret, under the keys of a kubernetes.io/tls Secret plus the CA's.</summary>
public sealed record CertificateBundle(string CaCertificatePem, string CaKeyPem, string CertificatePem, string KeyPem)
{
    public const string TlsCrtKey = "tls.crt";
    public const string TlsKeyKey = "tls.key";
    public const string CaCrtKey = "ca.crt";
    public const string CaKeyKey = "ca.key";

    public Dictionary<string, byte[]> ToSecretData() => new(StringComparer.Ordinal)
    {
        [TlsCrtKey] = Encoding.UTF8.GetBytes(CertificatePem),
        [TlsKeyKey] = Encoding.UTF8.GetBytes(KeyPem),
        [CaCrtKey] = Encoding.UTF8.GetBytes(CaCertificatePem),
        [CaKeyKey] = Encoding.UTF8.GetBytes(CaKeyPem),
    };

    /// <summary>Null when any key is missing or empty; the content itself is checked by <see cref="CertificateInspector"/>.</summary>
    public static CertificateBundle? FromSecretData(IDictionary<string, byte[]>? data)
    {
        if (data is null) return null;
        string? Text(string key) => data.TryGetValue(key, out var bytes) && bytes is { Length: > 0 } ? Encoding.UTF8.GetString(bytes) : null;
        var ca = Text(CaCrtKey);
        var caKey = Text(CaKeyKey);
        var crt = Text(TlsCrtKey);
        var key = Text(TlsKeyKey);
        return ca is null || caKey is null || crt is null || key is null ? null : new CertificateBundle(ca, caKey, crt, key);
    }

    /// <summary>A new CA and a serving certificate for <paramref name="names"/>.</summary>
    public static CertificateBundle Issue(ServingCertificateNames names, DateTimeOffset now, WebhookCertificateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(settings);
        using var ca = CertificateFactory.CreateCa(names.ServiceName + "-ca", now, settings.CaLifetime, settings.ClockSkewAllowance);
        return WithNewServing(ca, names, now, settings);
    }

    /// <summary>A fresh serving certificate from an existing CA (which must carry its private key).</summary>
    public static CertificateBundle WithNewServing(X509Certificate2 ca, ServingCertificateNames names, DateTimeOffset now, WebhookCertificateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(settings);
        using var serving = CertificateFactory.CreateServing(ca, names.DnsNames, names.IpAddresses, now, settings.ServingLifetime, settings.ClockSkewAllowance);
        return new CertificateBundle(
            PemCertificates.CertificatePem(ca), PemCertificates.PrivateKeyPem(ca),
            PemCertificates.CertificatePem(serving), PemCertificates.PrivateKeyPem(serving));
    }

    /// <summary>The CA with its private key; throws <see cref="CryptographicException"/> when the pair is unreadable or mismatched.</summary>
    public X509Certificate2 LoadCa() => PemCertificates.LoadWithKey(CaCertificatePem, CaKeyPem);

    /// <summary>The serving certificate with its key, ready for Kestrel.</summary>
    public X509Certificate2 LoadServing() => PemCertificates.LoadWithKey(CertificatePem, KeyPem);
}
