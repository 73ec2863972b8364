using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MultusConfig.Operator.Certificates;

/// <summary>
/// The PEM texts kept in the certificate Secret, under the keys of a kubernetes.io/tls Secret plus the CA's; during a
/// CA change also the CA(s) being replaced and until when the caBundle keeps them (<see cref="PreviousCaPem"/>).
/// </summary>
public sealed record CertificateBundle(string CaCertificatePem, string CaKeyPem, string CertificatePem, string KeyPem)
{
    public const string TlsCrtKey = "tls.crt";
    public const string TlsKeyKey = "tls.key";
    public const string CaCrtKey = "ca.crt";
    public const string CaKeyKey = "ca.key";
    public const string PreviousCaKey = "ca-previous.crt";
    public const string PreviousCaUntilKey = "ca-previous.until";

    /// <summary>Every key this operator writes; others found in the Secret are dropped on the next write.</summary>
    public static readonly IReadOnlyList<string> Keys = [TlsCrtKey, TlsKeyKey, CaCrtKey, CaKeyKey, PreviousCaKey, PreviousCaUntilKey];

    /// <summary>CA certificates replaced by a CA change, still trusted (published with the current CA) until <see cref="PreviousCaUntil"/>.</summary>
    public string PreviousCaPem { get; init; } = "";

    public DateTimeOffset? PreviousCaUntil { get; init; }

    public Dictionary<string, byte[]> ToSecretData()
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [TlsCrtKey] = Encoding.UTF8.GetBytes(CertificatePem),
            [TlsKeyKey] = Encoding.UTF8.GetBytes(KeyPem),
            [CaCrtKey] = Encoding.UTF8.GetBytes(CaCertificatePem),
            [CaKeyKey] = Encoding.UTF8.GetBytes(CaKeyPem),
        };
        if (PreviousCaPem.Length > 0 && PreviousCaUntil is { } until)
        {
            data[PreviousCaKey] = Encoding.UTF8.GetBytes(PreviousCaPem);
            data[PreviousCaUntilKey] = Encoding.UTF8.GetBytes(until.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
        return data;
    }

    /// <summary>What the webhook configurations' caBundle must hold at <paramref name="now"/>: the CA, plus the previous ones while the change lasts.</summary>
    public string TrustedCaPem(DateTimeOffset now) =>
        PreviousCaPem.Length > 0 && PreviousCaUntil > now ? CaCertificatePem.TrimEnd('\n') + "\n" + PreviousCaPem : CaCertificatePem;

    /// <summary>The same bundle without the previous CAs (the change is over).</summary>
    public CertificateBundle WithoutPreviousCa() => this with { PreviousCaPem = "", PreviousCaUntil = null };

    /// <summary>True when both hold the same data this operator writes.</summary>
    public static bool SameData(IDictionary<string, byte[]> stored, IDictionary<string, byte[]> desired)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(desired);
        if (stored.Count != desired.Count) return false;
        foreach (var (key, value) in desired)
            if (!stored.TryGetValue(key, out var other) || other is null || !other.AsSpan().SequenceEqual(value)) return false;
        return true;
    }

    /// <summary>Null when any key is missing or empty; the content itself is checked by <see cref="CertificateInspector"/>.</summary>
    public static CertificateBundle? FromSecretData(IDictionary<string, byte[]>? data)
    {
        if (data is null) return null;
        string? Text(string key) => data.TryGetValue(key, out var bytes) && bytes is { Length: > 0 } ? Encoding.UTF8.GetString(bytes) : null;
        var ca = Text(CaCrtKey);
        var caKey = Text(CaKeyKey);
        var crt = Text(TlsCrtKey);
        var key = Text(TlsKeyKey);
        if (ca is null || caKey is null || crt is null || key is null) return null;
        var previous = Text(PreviousCaKey);
        DateTimeOffset? until = DateTimeOffset.TryParse(Text(PreviousCaUntilKey), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        // A half-written change (no end time, or no certificates) is no change: the next write drops it.
        return previous is null || until is null
            ? new CertificateBundle(ca, caKey, crt, key)
            : new CertificateBundle(ca, caKey, crt, key) { PreviousCaPem = previous, PreviousCaUntil = until };
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
