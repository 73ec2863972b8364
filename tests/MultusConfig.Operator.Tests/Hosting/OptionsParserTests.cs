using System.Collections;
using MultusConfig.Core.Pipeline;
using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Tests.Hosting;

public class OptionsParserTests
{
    /// <summary>Parses as a process outside a pod (no service-account file); without an env, POD_NAMESPACE is set as a pod's would be.</summary>
    private static (OperatorOptions Options, List<string> Errors) Parse(string[] args, Hashtable? env = null) =>
        OptionsParser.Parse(args, env ?? new Hashtable { ["POD_NAMESPACE"] = "ops" }, NoServiceAccount);

    private const string NoServiceAccount = "/nonexistent/serviceaccount/namespace";

    [Fact]
    public void Defaults_match_the_documented_values()
    {
        var (o, errors) = Parse([]);
        Assert.Empty(errors);
        Assert.Equal((8, TimeSpan.FromMinutes(10), RenderProfile.Documented, true), (o.Workers, o.ResyncPeriod, o.RenderProfile, o.LeaderElect));
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)), (o.LeaseDuration, o.RenewDeadline, o.RetryPeriod));
        Assert.Equal(("text", Microsoft.Extensions.Logging.LogLevel.Information), (o.LogFormat, o.LogLevel));
        Assert.Equal((true, ":8443", true), (o.Adopt, o.MetricsBindAddress, o.MetricsSecure));
    }

    [Fact]
    public void Adoption_and_metrics_flags_are_read()
    {
        var (o, errors) = Parse(["--adopt=false", "--metrics-secure=false", "--metrics-bind-address", "127.0.0.1:9000"]);
        Assert.Empty(errors);
        Assert.Equal((false, "127.0.0.1:9000", false), (o.Adopt, o.MetricsBindAddress, o.MetricsSecure));
    }

    [Theory]
    [InlineData("trace", Microsoft.Extensions.Logging.LogLevel.Trace)]
    [InlineData("debug", Microsoft.Extensions.Logging.LogLevel.Debug)]
    [InlineData("warning", Microsoft.Extensions.Logging.LogLevel.Warning)]
    [InlineData("error", Microsoft.Extensions.Logging.LogLevel.Error)]
    public void Log_level_names_select_the_least_severe_level_written(string name, Microsoft.Extensions.Logging.LogLevel expected)
    {
        var (o, errors) = Parse(["--log-level", name]);
        Assert.Empty(errors);
        Assert.Equal(expected, o.LogLevel);
    }

    [Fact]
    public void Flags_take_space_or_equals_and_namespaces_repeat()
    {
        var (o, errors) = Parse(["--workers", "8", "--render-profile=spiderpool", "--namespace", "a", "--namespace=b,c", "--resync-period", "90s", "--leader-elect=false"]);
        Assert.Empty(errors);
        Assert.Equal(8, o.Workers);
        Assert.Equal(RenderProfile.Spiderpool, o.RenderProfile);
        Assert.Equal(["a", "b", "c"], o.Namespaces);
        Assert.Equal(TimeSpan.FromSeconds(90), o.ResyncPeriod);
        Assert.False(o.LeaderElect);
    }

    [Fact]
    public void Environment_variables_apply_and_flags_win_over_them()
    {
        var env = new Hashtable { ["MULTUS_CONFIG_WORKERS"] = "3", ["MULTUS_CONFIG_LOG_FORMAT"] = "json", ["POD_NAMESPACE"] = "ops", ["POD_NAME"] = "p-1" };
        var (o, errors) = Parse(["--workers", "5"], env);
        Assert.Empty(errors);
        Assert.Equal((5, "json", "ops", "p-1"), (o.Workers, o.LogFormat, o.PodNamespace, o.PodName));
    }

    [Theory]
    [InlineData("--workers", "0", "--workers: invalid value '0'")]
    [InlineData("--render-profile", "fancy", "--render-profile: invalid value 'fancy'")]
    [InlineData("--lease-duration", "soon", "--lease-duration: invalid value 'soon'")]
    [InlineData("--webhook-port", "70000", "--webhook-port: invalid value '70000'")]
    [InlineData("--log-format", "xml", "--log-format: invalid value 'xml'")]
    [InlineData("--log-level", "verbose", "--log-level: invalid value 'verbose'")]
    [InlineData("--bind-address", "localhost:1", "--bind-address: invalid value")]
    [InlineData("--metrics-bind-address", "8443", "--metrics-bind-address: invalid value '8443': must be [HOST]:PORT")]
    [InlineData("--metrics-bind-address", "localhost:8443", "--metrics-bind-address: invalid value 'localhost:8443': the host must be an IP address")]
    [InlineData("--metrics-secure", "maybe", "--metrics-secure: invalid value 'maybe'")]
    [InlineData("--adopt", "sometimes", "--adopt: invalid value 'sometimes'")]
    [InlineData("--namespace", "Bad_NS", "--namespace: invalid value 'Bad_NS': must be a namespace name")]
    [InlineData("--namespace", "team1,-x", "--namespace: invalid value 'team1,-x': must be a namespace name")]
    [InlineData("--pod-namespace", "Ops", "--pod-namespace: invalid value 'Ops': must be a namespace name")]
    [InlineData("--lease-duration", "50", "--lease-duration: invalid value '50': missing unit in duration \"50\"")]
    [InlineData("--resync-period", "0", "--resync-period: invalid value '0': must be a positive duration")]
    [InlineData("--retry-period", "1h 30m", "--retry-period: invalid value '1h 30m': unknown unit")]
    public void Bad_values_are_reported_by_flag_name(string flag, string value, string expected)
    {
        var (_, errors) = Parse([flag, value]);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_environment_values_name_the_variable()
    {
        var (_, errors) = Parse([], new Hashtable { ["MULTUS_CONFIG_WORKERS"] = "many" });
        Assert.Contains(errors, e => e.StartsWith("MULTUS_CONFIG_WORKERS: invalid value 'many'", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_flags_and_missing_values_are_errors()
    {
        var (_, errors) = Parse(["--wrokers", "2", "stray", "--workers"]);
        Assert.Contains("unknown flag --wrokers", errors);
        Assert.Contains("unexpected argument 'stray'", errors);
        Assert.Contains("flag --workers needs a value", errors);
    }

    [Fact]
    public void Renew_deadline_must_fit_inside_the_lease()
    {
        var (_, errors) = Parse(["--lease-duration", "5s", "--renew-deadline", "6s"]);
        Assert.Contains("--renew-deadline must be shorter than --lease-duration", errors);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("15s", 15)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1m30.5s", 90.5)]
    [InlineData("1.5h", 5400)]
    [InlineData(".5s", 0.5)]
    [InlineData("1.s", 1)]
    [InlineData("+2s", 2)]
    [InlineData("300us", 0.0003)]
    [InlineData("300\u00b5s", 0.0003)]
    [InlineData("2000000ns", 0.002)]
    [InlineData("1h1m1s1ms", 3661.001)]
    public void Durations_follow_go_time_parse_duration(string text, double seconds)
    {
        Assert.Equal(seconds, OptionsParser.Duration(text).TotalSeconds, precision: 9);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("1h30")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("s")]
    [InlineData("1..5s")]
    [InlineData("1d")]
    [InlineData("1H")]
    [InlineData("1h 30m")]
    [InlineData("3000000h")]
    public void Durations_outside_go_grammar_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => GoDuration.Parse(text));
    }

    [Fact]
    public void A_bare_zero_is_the_only_duration_without_a_unit()
    {
        Assert.Equal(TimeSpan.Zero, GoDuration.Parse("0"));
        Assert.Equal(TimeSpan.Zero, GoDuration.Parse("-0"));
        Assert.Equal(TimeSpan.FromSeconds(-2), GoDuration.Parse("-2s"));
    }

    [Fact]
    public void Outside_a_pod_without_pod_namespace_the_operator_refuses_to_start_naming_the_flag()
    {
        var (_, errors) = OptionsParser.Parse(["--kubeconfig", "/tmp/k"], new Hashtable(), NoServiceAccount);
        Assert.Contains(errors, e => e.StartsWith("--pod-namespace is required outside a pod", StringComparison.Ordinal));
    }

    [Fact]
    public void In_a_pod_the_service_account_file_names_the_operators_namespace()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "multus-config-system\n");
            var (o, errors) = OptionsParser.Parse([], new Hashtable(), file);
            Assert.Empty(errors);
            Assert.Equal("multus-config-system", o.PodNamespace);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Help_gives_every_flag_its_default_and_meaning()
    {
        var help = OptionsParser.Help();
        foreach (var flag in OptionsParser.Flags)
        {
            Assert.Contains($"  --{flag.Name} (default {flag.Default})\n        {flag.Meaning}", help.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(flag.Meaning), flag.Name);
        }
        Assert.Contains("--workers (default 8)", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_cni_types_repeat_and_split_on_commas_and_default_to_no_restriction()
    {
        Assert.Empty(Parse([]).Options.AllowedCniTypes);
        var (o, errors) = Parse(["--allowed-cni-types", "macvlan, ipvlan", "--allowed-cni-types=coordinator"]);
        Assert.Empty(errors);
        Assert.Equal(["macvlan", "ipvlan", "coordinator"], o.AllowedCniTypes);
    }

    [Fact]
    public void An_allowed_cni_type_with_a_path_is_refused_naming_the_flag()
    {
        var (_, errors) = Parse(["--allowed-cni-types=macvlan,../bin/sh"]);
        Assert.Contains(errors, e => e.StartsWith("--allowed-cni-types: invalid value 'macvlan,../bin/sh': '../bin/sh' is not a CNI plugin type", StringComparison.Ordinal));
    }
}
