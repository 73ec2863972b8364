using MultusConfig.Core.Pipeline;

namespace MultusConfig.Operator.Hosting;

/// <summary>Every setting of the operator process; each comes from a flag or its environment variable (see the README).</summary>
public sealed class OperatorOptions
{
    /// <summary>Namespaces to watch; empty means all.</summary>
    public List<string> Namespaces { get; set; } = [];
    public int Workers { get; set; } = 8;
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);
    public RenderProfile RenderProfile { get; set; } = RenderProfile.Documented;

    /// <summary>kubeconfig path; empty means in-cluster, then $KUBECONFIG, then ~/.kube/config.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Accept a kubeconfig whose cluster sets insecure-skip-tls-verify (the API server's identity goes unchecked).</summary>
    public bool AllowInsecureKubeconfig { get; set; }

    /// <summary>The operator's own namespace (Lease, certificate Secret); in a pod it comes from the service account.</summary>
    public string? PodNamespace { get; set; }
    public string PodName { get; set; } = Environment.MachineName;

    public bool LeaderElect { get; set; } = true;
    public string LeaseName { get; set; } = "multus-config-operator";
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>HTTPS port of the admission webhooks.</summary>
    public int WebhookPort { get; set; } = 9443;
    /// <summary>Address the webhook and health/metrics servers bind to (0.0.0.0 in a pod, 127.0.0.1 in tests).</summary>
    public string BindAddress { get; set; } = "0.0.0.0";
    /// <summary>Port of /healthz and /readyz (plain HTTP), and of /metrics when <see cref="MetricsSecure"/> is false.</summary>
    public int HealthPort { get; set; } = 8081;

    /// <summary>[HOST]:PORT of the HTTPS /metrics server (no host: <see cref="BindAddress"/>); "0" serves no metrics.</summary>
    public string MetricsBindAddress { get; set; } = ":8443";

    /// <summary>
    /// True: /metrics over HTTPS on <see cref="MetricsBindAddress"/>, for bearer tokens the API server authenticates
    /// (TokenReview) and authorizes for get on /metrics (SubjectAccessReview). False: plain HTTP on the health port, to anyone.
    /// </summary>
    public bool MetricsSecure { get; set; } = true;

    /// <summary>When set, the serving certificate comes from tls.crt/tls.key in this folder (cert-manager) instead of the operator's own CA.</summary>
    public string? CertDir { get; set; }
    public string CertSecretName { get; set; } = "multus-config-webhook-cert";
    public string ServiceName { get; set; } = "multus-config-webhook";
    public string MutatingWebhookConfigurationName { get; set; } = "multus-config-mutating";
    public string ValidatingWebhookConfigurationName { get; set; } = "multus-config-validating";

    /// <summary>
    /// Whether an existing same-name NAD that no live SMC controls is taken over. When true the validating
    /// webhook first asks the API server whether the requesting user may update and delete that NAD; when
    /// false the SMC reports NameConflict instead.
    /// </summary>
    public bool Adopt { get; set; } = true;

    /// <summary>
    /// CNI plugin types (every plugin's "type" and "ipam.type" in the rendered NAD) an SMC may use; empty means
    /// any. Creating an SMC is as privileged as creating a NAD: customCNI accepts any plugin.
    /// </summary>
    public List<string> AllowedCniTypes { get; set; } = [];

    public string LogFormat { get; set; } = "text";

    /// <summary>Least severe level written (ASP.NET Core's own categories stay at warnings unless this is trace).</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;
}
