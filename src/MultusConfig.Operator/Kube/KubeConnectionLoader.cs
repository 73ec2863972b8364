using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Kube;

/// <summary>
/// Chooses the API server connection as Hosting/KubernetesConfig does with KubernetesClient: --kubeconfig, else
/// in-cluster, else $KUBECONFIG (one file or several, merged as kubectl merges them), else ~/.kube/config; never
/// a silent http://localhost:8080. An insecure-skip-tls-verify cluster is refused unless allowed.
/// </summary>
public static class KubeConnectionLoader
{
    public static KubeConnection Load(string? kubeconfig, bool allowInsecure, string userAgent, KubeEnvironment? environment = null, TimeProvider? time = null)
    {
        var connection = Find(kubeconfig, environment ?? KubeEnvironment.Process, time);
        // Without verification anyone on the path to the API server can read the operator's token and answer in its
        // place; a kubeconfig copied from a test cluster must not silently bring that into production.
        if (connection.InsecureSkipTlsVerify && !allowInsecure)
            throw new InvalidOperationException(
                "the kubeconfig's cluster sets insecure-skip-tls-verify: the API server's certificate would not be checked; "
                + "give the cluster its certificate-authority, or pass --allow-insecure-kubeconfig to accept this");
        return connection with { UserAgent = userAgent };
    }

    private static KubeConnection Find(string? kubeconfig, KubeEnvironment environment, TimeProvider? time)
    {
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            if (!File.Exists(kubeconfig)) throw new ConfigurationException($"--kubeconfig: file {kubeconfig} does not exist");
            return KubeconfigReader.Load([kubeconfig], time);
        }
        if (InClusterConnection.IsAvailable(environment)) return InClusterConnection.Load(environment, time);
        var env = environment.GetVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(env))
        {
            var paths = env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // One file must exist; in a list, files that do not exist are skipped, as kubectl skips them.
            var existing = paths.Length == 1 ? paths : paths.Where(File.Exists).ToArray();
            if (existing.Length == 0) throw new ConfigurationException($"KUBECONFIG: none of the files {env} exists");
            return KubeconfigReader.Load(existing, time);
        }
        var home = Path.Combine(environment.HomeFolder, ".kube", "config");
        if (File.Exists(home)) return KubeconfigReader.Load([home], time);
        throw new ConfigurationException("no API server configured: pass --kubeconfig, set KUBECONFIG, or run in a pod with a service account");
    }
}
