using System.Security.Cryptography.X509Certificates;

namespace MultusConfig.Operator.Certificates;

/// <summary>The shared, swappable serving certificate. Old instances are not disposed: handshakes in flight may still use them.</summary>
public sealed class ServerCertificateProvider : IServerCertificateProvider
{
    private volatile X509Certificate2? _current;

    public X509Certificate2? Current => _current;

    /// <summary>Why there is no certificate (yet), for /readyz; null when nothing is wrong.</summary>
    public string? Problem { get; set; }

    /// <summary>Raised after a new certificate is in place (tests and logs use it).</summary>
    public event EventHandler<X509Certificate2>? Changed;

    public void Set(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var previous = _current;
        if (previous is not null && previous.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)) return;
        _current = certificate;
        Changed?.Invoke(this, certificate);
    }
}
