using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Kestrel limits that keep one misbehaving client from holding the webhook: the API server sends whole
/// requests of a few KiB at once, so anything slower or larger than below is not the API server.
/// </summary>
internal static class WebhookServerLimits
{
    public static void Apply(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        // The API server sends AdmissionReviews of a few KiB; 3 MiB is the real server's own request limit.
        limits.MaxRequestBodySize = Admission.AdmissionEndpoint.MaxBodyBytes;
        // Kestrel's default is 30 s. The API server writes its headers at once (its whole call is bounded by the
        // webhook's timeoutSeconds, 10 s by default), so a client still sending headers after 10 s is a slowloris.
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        // Kestrel's default rate, stated so a body dribbled byte by byte is cut off after the grace period.
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        // Kestrel buffers up to 1 MiB per connection ahead of the application by default: hundreds of connections
        // sending megabytes would hold hundreds of MiB before the body budget (LargeBodyBudget) sees a byte.
        limits.MaxRequestBufferSize = 64 * 1024;
    }
}
