using System.Security.Cryptography.X509Certificates;

namespace MultusConfig.Operator.Certificates;

/// <summary>
/// The certificate the webhook serves right now. Kestrel asks on every TLS handshake
/// (<c>ServerCertificateSelector</c>), so a renewal takes effect for new connections without a restart.
/// </summary>
public interface IServerCertificateProvider
{
    /// <summary>Null until the first certificate is loaded; handshakes fail until then, which keeps a pod unready.</summary>
    X509Certificate2? Current { get; }

    /// <summary>Why there is no certificate, when something is wrong (e.g. the Secret is missing); /readyz reports it.</summary>
    string? Problem => null;
}
