using System.Collections;
using MultusConfig.Core.Pipeline;
using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Tests.Hosting;

public class OptionsParserTests
{
    private static (OperatorOptions Options, List<string> Errors) Parse(string[] args, Hashtable? env = null) => OptionsParser.Parse(args, env ?? new Hashtable());

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
    [InlineData("30", 30)]
    public void Durations_read_go_style_units(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), OptionsParser.Duration(text));
    }
}
