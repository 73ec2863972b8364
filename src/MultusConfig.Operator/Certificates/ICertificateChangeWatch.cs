namespace MultusConfig.Operator.Certificates;

/// <summary>Wakes the certificate loop when something it keeps current changes, instead of leaving it to the next recheck.</summary>
public interface ICertificateChangeWatch
{
    /// <summary>Calls <paramref name="changed"/> on every change (and after every reconnect, when one may have been missed) until cancelled.</summary>
    Task RunAsync(Action changed, CancellationToken cancellationToken);
}
