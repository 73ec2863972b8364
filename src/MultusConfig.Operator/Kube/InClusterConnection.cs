using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// The pod's service account: KUBERNETES_SERVICE_HOST/PORT, and token, ca.crt and namespace in the service account
/// folder, as client-go's rest.InClusterConfig reads them. The token is projected and rotates: it is read from its
/// file again (see <see cref="BearerToken"/>).
/// </summary>
public static class InClusterConnection
{
    public const string HostVariable = "KUBERNETES_SERVICE_HOST";
    public const string PortVariable = "KUBERNETES_SERVICE_PORT";

    /// <summary>Both variables set and the token and CA files present (KubernetesClient's IsInCluster asks the same).</summary>
    public static bool IsAvailable(KubeEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return !string.IsNullOrEmpty(environment.GetVariable(HostVariable)) && !string.IsNullOrEmpty(environment.GetVariable(PortVariable))
            && File.Exists(Path.Combine(environment.ServiceAccountFolder, "token")) && File.Exists(Path.Combine(environment.ServiceAccountFolder, "ca.crt"));
    }

    public static KubeConnection Load(KubeEnvironment environment, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var host = environment.GetVariable(HostVariable);
        var port = environment.GetVariable(PortVariable);
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
            throw new ConfigurationException($"in-cluster configuration: {HostVariable} and {PortVariable} must be set");
        var folder = environment.ServiceAccountFolder;
        var tokenFile = Path.Combine(folder, "token");
        var caFile = Path.Combine(folder, "ca.crt");
        BearerToken token;
        X509Certificate2Collection ca;
        try
        {
            token = BearerToken.FromFile(tokenFile, time);
            ca = Pem.Certificates(File.ReadAllText(caFile));
        }
        catch (CryptographicException e)
        {
            throw new ConfigurationException($"in-cluster configuration: {caFile}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"in-cluster configuration: {e.Message}", e);
        }
        var nsFile = Path.Combine(folder, "namespace");
        // An IPv6 service address needs brackets in a URL (client-go: net.JoinHostPort).
        var authority = IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]:{port}" : $"{host}:{port}";
        if (!Uri.TryCreate("https://" + authority, UriKind.Absolute, out var server))
            throw new ConfigurationException($"in-cluster configuration: {HostVariable}={host} and {PortVariable}={port} do not make a URL");
        return new KubeConnection
        {
            Server = server,
            CertificateAuthorities = ca,
            Token = token,
            Namespace = File.Exists(nsFile) ? File.ReadAllText(nsFile).Trim() : null,
            Source = "in-cluster service account " + folder,
        };
    }
}
