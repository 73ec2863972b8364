using System.Collections;
using System.Globalization;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Operator.Hosting;

/// <summary>
/// Reads <see cref="OperatorOptions"/> from flags (<c>--workers 4</c> or <c>--workers=4</c>) and from
/// environment variables (<c>MULTUS_CONFIG_WORKERS</c>); a flag wins over its variable. Every bad value
/// is reported by name; nothing falls back silently.
/// </summary>
public static class OptionsParser
{
    private const string EnvPrefix = "MULTUS_CONFIG_";

    /// <summary>
    /// Every flag: name, default and meaning as --help prints them, and how its value is read. One entry per
    /// flag keeps a flag's help next to its parsing.
    /// </summary>
    private static readonly FlagSpec[] Table =
    [
        new("namespace", "all", "namespaces to watch; repeatable or comma-separated", (o, v) => o.Namespaces.AddRange(NamespaceList(v))),
        new("workers", "8", "reconcile workers", (o, v) => o.Workers = PositiveInt(v)),
        new("resync-period", "10m", "safety-net re-reconcile of every SMC (Go duration: 90s, 10m, 1h30m)", (o, v) => o.ResyncPeriod = Duration(v)),
        new("render-profile", "documented", "documented or spiderpool (byte-identical to Spiderpool's controller)", (o, v) => o.RenderProfile = v switch
        {
            "documented" => RenderProfile.Documented,
            "spiderpool" => RenderProfile.Spiderpool,
            _ => throw new FormatException("must be documented or spiderpool"),
        }),
        new("kubeconfig", "in-cluster, else $KUBECONFIG or ~/.kube/config", "API server connection", (o, v) => o.Kubeconfig = v),
        new("allow-insecure-kubeconfig", "false", "accept a kubeconfig with insecure-skip-tls-verify (the API server's identity is then unchecked)", (o, v) => o.AllowInsecureKubeconfig = Bool(v)),
        new("pod-namespace", "$POD_NAMESPACE, else the service account's namespace", "own namespace (Lease, certificate Secret); required outside a pod", (o, v) => o.PodNamespace = NamespaceName(v)),
        new("pod-name", "$POD_NAME, else the host name", "this replica's identity in the Lease and its User-Agent", (o, v) => o.PodName = v),
        new("leader-elect", "true", "run the controller on the Lease holder only", (o, v) => o.LeaderElect = Bool(v)),
        new("lease-name", "multus-config-operator", "the Lease in --pod-namespace", (o, v) => o.LeaseName = v),
        new("lease-duration", "15s", "how long a Lease is held without renewal (Go duration)", (o, v) => o.LeaseDuration = Duration(v)),
        new("renew-deadline", "10s", "the leader steps down when it cannot renew for this long (Go duration)", (o, v) => o.RenewDeadline = Duration(v)),
        new("retry-period", "2s", "interval between Lease attempts (Go duration)", (o, v) => o.RetryPeriod = Duration(v)),
        new("webhook-port", "9443", "HTTPS port of the admission webhooks", (o, v) => o.WebhookPort = Port(v)),
        new("health-port", "8081", "plain HTTP port of /healthz and /readyz (and /metrics with --metrics-secure=false)", (o, v) => o.HealthPort = Port(v)),
        new("metrics-bind-address", ":8443", "[HOST]:PORT of the HTTPS /metrics (TokenReview and SubjectAccessReview), or 0 for none", (o, v) =>
        {
            _ = MetricsEndpoint(v, "0.0.0.0"); // validates
            o.MetricsBindAddress = v;
        }),
        new("metrics-secure", "true", "false serves /metrics in plain HTTP on --health-port, unauthenticated", (o, v) => o.MetricsSecure = Bool(v)),
        new("bind-address", "0.0.0.0", "address both servers bind to", (o, v) => o.BindAddress = System.Net.IPAddress.TryParse(v, out _) ? v : throw new FormatException("must be an IP address")),
        new("cert-dir", "(managed)", "take tls.crt/tls.key from this folder (cert-manager) instead of the operator's own CA", (o, v) => o.CertDir = v),
        new("cert-secret-name", "multus-config-webhook-cert", "Secret holding the operator-managed CA and serving certificate", (o, v) => o.CertSecretName = v),
        new("service-name", "multus-config-webhook", "Service the serving certificate is issued for", (o, v) => o.ServiceName = v),
        new("mutating-webhook-configuration", "multus-config-mutating", "MutatingWebhookConfiguration whose caBundle the operator keeps current", (o, v) => o.MutatingWebhookConfigurationName = v),
        new("validating-webhook-configuration", "multus-config-validating", "ValidatingWebhookConfiguration whose caBundle the operator keeps current", (o, v) => o.ValidatingWebhookConfigurationName = v),
        new("adopt", "true", "adopt a same-name NAD no SMC controls (false: NameConflict instead)", (o, v) => o.Adopt = Bool(v)),
        new("allowed-cni-types", "any", "CNI plugin types an SMC's NAD may name (every type and ipam.type); repeatable or comma-separated", (o, v) => o.AllowedCniTypes.AddRange(CniTypeList(v))),
        new("log-format", "text", "text or json", (o, v) => o.LogFormat = v is "json" or "text" ? v : throw new FormatException("must be json or text")),
        new("log-level", "info", "trace, debug, info, warning or error: the least severe level written", (o, v) => o.LogLevel = v switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "info" => LogLevel.Information,
            "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => throw new FormatException("must be trace, debug, info, warning or error"),
        }),
    ];

    private static readonly Dictionary<string, FlagSpec> Setters = Table.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The flags in the order --help lists them.</summary>
    public static IReadOnlyList<FlagSpec> Flags => Table;

    /// <summary>Where a pod's service account names its namespace.</summary>
    public const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>--help: every flag with its default and meaning.</summary>
    public static string Help()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("multus-config-operator: renders SpiderMultusConfigs into NetworkAttachmentDefinitions and keeps them so.");
        text.AppendLine();
        text.AppendLine("Flags (each also read from MULTUS_CONFIG_<NAME>, upper case with - as _; a flag wins):");
        foreach (var flag in Table)
        {
            text.Append("  --").Append(flag.Name).Append(" (default ").Append(flag.Default).AppendLine(")");
            text.Append("        ").AppendLine(flag.Meaning);
        }
        return text.ToString();
    }

    public static (OperatorOptions Options, List<string> Errors) Parse(IReadOnlyList<string> args, IDictionary environment) =>
        Parse(args, environment, ServiceAccountNamespaceFile);

    /// <param name="serviceAccountNamespaceFile">The file a pod's namespace is read from when neither flag nor variable gives it (a test's own path).</param>
    public static (OperatorOptions Options, List<string> Errors) Parse(IReadOnlyList<string> args, IDictionary environment, string serviceAccountNamespaceFile)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var options = new OperatorOptions();
        var errors = new List<string>();
        var fromFlags = new HashSet<string>(StringComparer.Ordinal);
        var flagValues = new List<(string Name, string Value)>();

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                errors.Add($"unexpected argument '{arg}'");
                continue;
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? arg[2..] : arg[2..eq];
            string? value = eq < 0 ? null : arg[(eq + 1)..];
            if (!Setters.ContainsKey(name))
            {
                errors.Add($"unknown flag --{name}");
                continue;
            }
            if (value is null)
            {
                if (name is "leader-elect" or "allow-insecure-kubeconfig" && (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))) value = "true";
                else if (i + 1 < args.Count) value = args[++i];
                else
                {
                    errors.Add($"flag --{name} needs a value");
                    continue;
                }
            }
            fromFlags.Add(name);
            flagValues.Add((name, value));
        }

        foreach (var name in Setters.Keys)
        {
            if (fromFlags.Contains(name)) continue;
            var variable = EnvPrefix + name.Replace('-', '_').ToUpperInvariant();
            if (environment[variable] is string envValue && envValue.Length > 0) Set(options, name, envValue, variable, errors);
        }
        if (!fromFlags.Contains("pod-namespace") && environment["POD_NAMESPACE"] is string podNs && podNs.Length > 0) Set(options, "pod-namespace", podNs, "POD_NAMESPACE", errors);
        if (!fromFlags.Contains("pod-name") && environment["POD_NAME"] is string podName && podName.Length > 0) options.PodName = podName;
        foreach (var (name, value) in flagValues) Set(options, name, value, "--" + name, errors);
        // Outside a pod nothing names the operator's namespace; guessing "default" made a second leader there,
        // with a CA of its own written into the cluster-wide webhook configurations.
        if (string.IsNullOrEmpty(options.PodNamespace) && File.Exists(serviceAccountNamespaceFile))
            options.PodNamespace = File.ReadAllText(serviceAccountNamespaceFile).Trim();
        if (string.IsNullOrEmpty(options.PodNamespace))
            errors.Add("--pod-namespace is required outside a pod (or set POD_NAMESPACE): the operator keeps its Lease and certificate Secret in that namespace");

        if (options.LeaderElect && options.RenewDeadline >= options.LeaseDuration)
            errors.Add("--renew-deadline must be shorter than --lease-duration");
        if (options.LeaderElect && options.RenewDeadline.TotalSeconds <= 1.2 * options.RetryPeriod.TotalSeconds)
            errors.Add("--renew-deadline must be longer than 1.2 × --retry-period");
        return (options, errors);
    }

    private static void Set(OperatorOptions options, string name, string value, string source, List<string> errors)
    {
        try
        {
            Setters[name].Set(options, value);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            errors.Add($"{source}: invalid value '{value}': {e.Message}");
        }
    }

    private static int PositiveInt(string v) =>
        int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException("must be a positive integer");

    private static int Port(string v) =>
        int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 65535 ? n : throw new FormatException("must be a port from 0 to 65535");

    private static bool Bool(string v) => v switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new FormatException("must be true or false"),
    };

    /// <summary>
    /// [HOST]:PORT as controller-runtime's --metrics-bind-address reads it (":8443" is every address of
    /// <paramref name="defaultHost"/>), or "0" for none (null).
    /// </summary>
    internal static (System.Net.IPAddress Address, int Port)? MetricsEndpoint(string v, string defaultHost)
    {
        if (v == "0") return null;
        var colon = v.LastIndexOf(':');
        if (colon < 0) throw new FormatException("must be [HOST]:PORT, such as :8443 or 127.0.0.1:8443, or 0 for none");
        var host = v[..colon].Trim('[', ']');
        if (!System.Net.IPAddress.TryParse(host.Length == 0 ? defaultHost : host, out var address)) throw new FormatException("the host must be an IP address");
        return (address, Port(v[(colon + 1)..]));
    }

    /// <summary>A positive Go duration (<c>15s</c>, <c>1h30m</c>, <c>500ms</c>); see <see cref="GoDuration"/>.</summary>
    internal static TimeSpan Duration(string v)
    {
        var duration = GoDuration.Parse(v);
        return duration > TimeSpan.Zero ? duration : throw new FormatException("must be a positive duration such as 15s, 10m or 1h30m");
    }

    /// <summary>A namespace name is a DNS-1123 label, as the API server requires.</summary>
    private static string NamespaceName(string v) =>
        v.Length is > 0 and <= 63 && v.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && v[0] != '-' && v[^1] != '-' ? v
            : throw new FormatException("must be a namespace name: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit");

    /// <summary>A CNI plugin type is a binary name in the CNI bin folder: no path separators, no blanks.</summary>
    private static List<string> CniTypeList(string v) =>
        v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && t is not ("." or "..") ? t
                : throw new FormatException($"'{t}' is not a CNI plugin type (letters, digits, '-', '_' and '.')"))
            .ToList();

    private static List<string> NamespaceList(string v) =>
        v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(NamespaceName).ToList();
}
