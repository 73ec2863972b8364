namespace MultusConfig.Operator.Certificates;

/// <summary>
/// The Secret the replicas share their CA and serving certificate through; a seam so the logic is testable without an
/// API server. There is no create: the Secret is shipped with the manifests, and the operator's RBAC has no create on Secrets.
/// </summary>
public interface ICertificateSecretStore
{
    /// <summary>Null when the Secret does not exist.</summary>
    Task<StoredCertificateSecret?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>What to call the Secret in messages (kind, namespace and name).</summary>
    string Name => "the certificate Secret";

    /// <summary>False when it changed or vanished since <paramref name="current"/> was read (Conflict, NotFound): read it again.</summary>
    Task<bool> TryReplaceAsync(StoredCertificateSecret current, IDictionary<string, byte[]> data, CancellationToken cancellationToken);
}

/// <summary>The Secret's data and the resourceVersion that makes a replace conditional.</summary>
public sealed record StoredCertificateSecret(IDictionary<string, byte[]> Data, string? ResourceVersion);
