using k8s;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Chooses the API server connection explicitly: --kubeconfig, else in-cluster, else $KUBECONFIG or
/// ~/.kube/config. Unlike the client's default it never falls back to http://localhost:8080.
/// </summary>
public static class KubernetesConfig
{
    public static KubernetesClientConfiguration Load(OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = Find(options);
        // Without verification anyone on the path to the API server can read the operator's token and answer in its
        // place; a kubeconfig copied from a test cluster must not silently bring that into production.
        if (config.SkipTlsVerify && !options.AllowInsecureKubeconfig)
            throw new InvalidOperationException(
                "the kubeconfig's cluster sets insecure-skip-tls-verify: the API server's certificate would not be checked; "
                + "give the cluster its certificate-authority, or pass --allow-insecure-kubeconfig to accept this");
        // Names the replica in API server audit logs (and the test double's request log), so the writes
        // of two replicas can be told apart, e.g. to check that only the leader writes.
        config.UserAgent = UserAgent(options.PodName);
        return config;
    }

    /// <summary><c>multus-config-operator/VERSION (POD_NAME)</c>.</summary>
    public static string UserAgent(string podName)
    {
        var version = typeof(KubernetesConfig).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return $"multus-config-operator/{version} ({podName})";
    }

    private static KubernetesClientConfiguration Find(OperatorOptions options)
    {
        if (!string.IsNullOrEmpty(options.Kubeconfig))
        {
            if (!File.Exists(options.Kubeconfig)) throw new ConfigurationException($"--kubeconfig: file {options.Kubeconfig} does not exist");
            return KubeconfigFile.Load(options.Kubeconfig);
        }
        if (KubernetesClientConfiguration.IsInCluster()) return KubernetesClientConfiguration.InClusterConfig();
        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        // Several files in KUBECONFIG are merged by the client's loader; one file is read by ours (see KubeconfigFile).
        if (!string.IsNullOrEmpty(env)) return env.Contains(Path.PathSeparator, StringComparison.Ordinal) ? KubernetesClientConfiguration.BuildConfigFromConfigFile() : KubeconfigFile.Load(env);
        if (File.Exists(home)) return KubeconfigFile.Load(home);
        throw new ConfigurationException("no API server configured: pass --kubeconfig, set KUBECONFIG, or run in a pod with a service account");
    }

    /// <summary>The operator's namespace: the flag or POD_NAMESPACE, else the service account's namespace file.</summary>
    public static string? OwnNamespace(OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.PodNamespace)) return options.PodNamespace;
        const string file = OptionsParser.ServiceAccountNamespaceFile;
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }
}
