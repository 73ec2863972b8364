namespace MultusConfig.Operator.Certificates;

/// <summary>Writes the CA the API server must trust into the webhook configurations.</summary>
public interface ICaBundlePublisher
{
    Task PublishAsync(byte[] caBundlePem, CancellationToken cancellationToken);
}
