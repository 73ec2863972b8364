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

    private static readonly Dictionary<string, Action<OperatorOptions, string>> Setters = new(StringComparer.Ordinal)
    {
        ["namespace"] = (o, v) => o.Namespaces.AddRange(v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
        ["workers"] = (o, v) => o.Workers = PositiveInt(v),
        ["resync-period"] = (o, v) => o.ResyncPeriod = Duration(v),
        ["render-profile"] = (o, v) => o.RenderProfile = v switch
        {
            "documented" => RenderProfile.Documented,
            "spiderpool" => RenderProfile.Spiderpool,
            _ => throw new FormatException("must be documented or spiderpool"),
        },
        ["kubeconfig"] = (o, v) => o.Kubeconfig = v,
        ["allow-insecure-kubeconfig"] = (o, v) => o.AllowInsecureKubeconfig = Bool(v),
        ["pod-namespace"] = (o, v) => o.PodNamespace = v,
        ["pod-name"] = (o, v) => o.PodName = v,
        ["leader-elect"] = (o, v) => o.LeaderElect = Bool(v),
        ["lease-name"] = (o, v) => o.LeaseName = v,
        ["lease-duration"] = (o, v) => o.LeaseDuration = Duration(v),
        ["renew-deadline"] = (o, v) => o.RenewDeadline = Duration(v),
        ["retry-period"] = (o, v) => o.RetryPeriod = Duration(v),
        ["webhook-port"] = (o, v) => o.WebhookPort = Port(v),
        ["health-port"] = (o, v) => o.HealthPort = Port(v),
        ["bind-address"] = (o, v) => o.BindAddress = System.Net.IPAddress.TryParse(v, out _) ? v : throw new FormatException("must be an IP address"),
        ["cert-dir"] = (o, v) => o.CertDir = v,
        ["cert-secret-name"] = (o, v) => o.CertSecretName = v,
        ["service-name"] = (o, v) => o.ServiceName = v,
        ["mutating-webhook-configuration"] = (o, v) => o.MutatingWebhookConfigurationName = v,
        ["validating-webhook-configuration"] = (o, v) => o.ValidatingWebhookConfigurationName = v,
        ["log-format"] = (o, v) => o.LogFormat = v is "json" or "text" ? v : throw new FormatException("must be json or text"),
        ["log-level"] = (o, v) => o.LogLevel = v switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "info" => LogLevel.Information,
            "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => throw new FormatException("must be trace, debug, info, warning or error"),
        },
    };

    /// <summary>The flag names, for --help and the README.</summary>
    public static IEnumerable<string> Flags => Setters.Keys;

    public static (OperatorOptions Options, List<string> Errors) Parse(IReadOnlyList<string> args, IDictionary environment)
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
        if (!fromFlags.Contains("pod-namespace") && environment["POD_NAMESPACE"] is string podNs && podNs.Length > 0) options.PodNamespace = podNs;
        if (!fromFlags.Contains("pod-name") && environment["POD_NAME"] is string podName && podName.Length > 0) options.PodName = podName;
        foreach (var (name, value) in flagValues) Set(options, name, value, "--" + name, errors);

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
            Setters[name](options, value);
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

    /// <summary>Go-style durations (<c>15s</c>, <c>10m</c>, <c>1h</c>, <c>500ms</c>) or plain seconds.</summary>
    internal static TimeSpan Duration(string v)
    {
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0) return TimeSpan.FromSeconds(seconds);
        (string Suffix, double Scale)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, scale) in units)
        {
            if (v.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(v[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
                return TimeSpan.FromSeconds(n * scale);
        }
        throw new FormatException("must be a positive duration such as 15s, 10m or 1h");
    }
}
