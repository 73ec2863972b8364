using MultusConfig.Operator.Certificates;

namespace MultusConfig.Operator.Tests.Certificates;

/// <summary>The Secret seam with the API server's semantics for conditional replace (Conflict); it starts as shipped, empty.</summary>
internal sealed class InMemorySecretStore : ICertificateSecretStore
{
    public InMemorySecretStore() => Current = new StoredCertificateSecret(new Dictionary<string, byte[]>(), null);

    private readonly Lock _gate = new();
    private StoredCertificateSecret? _secret;
    private int _version;

    public int Writes { get; private set; }

    public StoredCertificateSecret? Current
    {
        get { lock (_gate) return _secret; }
        set { lock (_gate) _secret = value is null ? null : value with { ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) }; }
    }

    public Task<StoredCertificateSecret?> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_secret is null ? null : _secret with { Data = new Dictionary<string, byte[]>(_secret.Data) });
    }

    public Task<bool> TryReplaceAsync(StoredCertificateSecret current, IDictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_secret is null || _secret.ResourceVersion != current.ResourceVersion) return Task.FromResult(false);
            Current = new StoredCertificateSecret(new Dictionary<string, byte[]>(data), null);
            Writes++;
            return Task.FromResult(true);
        }
    }
}
