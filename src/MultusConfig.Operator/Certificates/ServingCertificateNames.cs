using System.Net;

namespace MultusConfig.Operator.Certificates;

/// <summary>
/// The names the serving certificate must cover: the API server dials the webhook Service as
/// <c>service.namespace.svc</c>; the shorter and longer forms serve in-cluster clients; loopback lets
/// tests and a local API server call the webhook directly.
/// </summary>
public sealed record ServingCertificateNames(string ServiceName, string Namespace)
{
    public IReadOnlyList<string> DnsNames { get; } =
    [
        ServiceName,
        $"{ServiceName}.{Namespace}",
        $"{ServiceName}.{Namespace}.svc.cluster.local",
        "localhost",
        // Last: it becomes the subject CN, the name people look for in `openssl x509 -text`.
        $"{ServiceName}.{Namespace}.svc",
    ];

    public IReadOnlyList<IPAddress> IpAddresses { get; } = [IPAddress.Loopback, IPAddress.IPv6Loopback];
}
