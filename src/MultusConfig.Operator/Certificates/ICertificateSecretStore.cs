namespace MultusConfig.Operator.Certificates;

/// <summary>The Secret the replicas share their CA and serving certificate through; a seam so the logic is testable without an API server.</summary>
public interface ICertificateSecretStore
{
    /// <summary>Null when the Secret does not exist.</summary>
    Task<StoredCertificateSecret?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>False when another replica created it first (AlreadyExists): read it again and use theirs.</summary>
    Task<bool> TryCreateAsync(IDictionary<string, byte[]> data, CancellationToken cancellationToken);

    /// <summary>False when it changed or vanished since <paramref name="current"/> was read (Conflict, NotFound): read it again.</summary>
    Task<bool> TryReplaceAsync(StoredCertificateSecret current, IDictionary<string, byte[]> data, CancellationToken cancellationToken);
}

/// <summary>The Secret's data and the resourceVersion that makes a replace conditional.</summary>
public sealed record StoredCertificateSecret(IDictionary<string, byte[]> Data, string? ResourceVersion);
