using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MultusConfig.Operator.Certificates;

/// <summary>What a stored bundle needs before it can be served.</summary>
public enum BundleVerdict
{
    /// <summary>Serve it as it is.</summary>
    Usable,
    /// <summary>The CA is fine; issue a new serving certificate from it (renewal due, names changed, serving pair broken).</summary>
    RenewServing,
    /// <summary>Start over with a new CA (missing, unreadable, mismatched key, or the CA itself due for renewal).</summary>
    Reissue,
}

/// <summary>Judges a bundle read from the Secret. Never throws on bad content: corrupt data is a verdict, not an exception.</summary>
public static class CertificateInspector
{
    public static (BundleVerdict Verdict, string Reason) Inspect(CertificateBundle? bundle, ServingCertificateNames names, DateTimeOffset now, WebhookCertificateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(settings);
        if (bundle is null) return (BundleVerdict.Reissue, "the Secret is missing or lacks one of tls.crt, tls.key, ca.crt, ca.key");

        X509Certificate2 ca;
        try
        {
            ca = bundle.LoadCa();
        }
        catch (CryptographicException e)
        {
            return (BundleVerdict.Reissue, "ca.crt/ca.key are unreadable or do not match: " + e.Message);
        }
        using (ca)
        {
            if (now >= settings.RenewalTime(ca.NotBefore.ToUniversalTime(), ca.NotAfter.ToUniversalTime()))
                return (BundleVerdict.Reissue, $"the CA expires {ca.NotAfter.ToUniversalTime():O} and is due for renewal");

            X509Certificate2 serving;
            try
            {
                serving = bundle.LoadServing();
            }
            catch (CryptographicException e)
            {
                return (BundleVerdict.RenewServing, "tls.crt/tls.key are unreadable or do not match: " + e.Message);
            }
            using (serving)
            {
                if (!ChainsTo(serving, ca, now)) return (BundleVerdict.RenewServing, "tls.crt is not a valid certificate issued by ca.crt");
                if (now >= settings.RenewalTime(serving.NotBefore.ToUniversalTime(), serving.NotAfter.ToUniversalTime()))
                    return (BundleVerdict.RenewServing, $"the serving certificate expires {serving.NotAfter.ToUniversalTime():O} and is due for renewal");
                if (MissingName(serving, names) is { } missing) return (BundleVerdict.RenewServing, $"the serving certificate does not cover {missing}");
            }
        }
        return (BundleVerdict.Usable, "valid");
    }

    /// <summary>True when <paramref name="leaf"/> was issued by <paramref name="ca"/> and both are valid at <paramref name="now"/>.</summary>
    public static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 ca, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(ca);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(leaf) && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }

    private static string? MissingName(X509Certificate2 certificate, ServingCertificateNames names)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null) return "any name (no subjectAltName)";
        var dns = san.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ips = san.EnumerateIPAddresses().ToHashSet();
        foreach (var name in names.DnsNames)
            if (!dns.Contains(name)) return name;
        foreach (var ip in names.IpAddresses)
            if (!ips.Contains(ip)) return ip.ToString();
        return null;
    }
}
