using MultusConfig.Operator.Certificates;

namespace MultusConfig.Operator.Tests.Certificates;

internal sealed class RecordingPublisher : ICaBundlePublisher
{
    public List<byte[]> Published { get; } = [];

    public Task PublishAsync(byte[] caBundlePem, CancellationToken cancellationToken)
    {
        lock (Published) Published.Add(caBundlePem);
        return Task.CompletedTask;
    }
}
