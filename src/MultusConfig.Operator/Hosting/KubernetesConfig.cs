using MultusConfig.Operator.Kube;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// The operator's API server connection (see <see cref="KubeConnectionLoader"/>: --kubeconfig, else in-cluster, else
/// $KUBECONFIG or ~/.kube/config; never http://localhost:8080), named in audit logs by its User-Agent.
/// </summary>
public static class KubernetesConfig
{
    public static KubeConnection Load(OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The User-Agent names the replica in API server audit logs (and the test double's request log), so the writes
        // of two replicas can be told apart, e.g. to check that only the leader writes.
        return KubeConnectionLoader.Load(options.Kubeconfig, options.AllowInsecureKubeconfig, UserAgent(options.PodName));
    }

    /// <summary><c>multus-config-operator/VERSION (POD_NAME)</c>.</summary>
    public static string UserAgent(string podName)
    {
        var version = typeof(KubernetesConfig).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return $"multus-config-operator/{version} ({podName})";
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
