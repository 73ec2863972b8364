using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>
/// Strings a client sends (apiVersion, kind, operation, uid, names) reach the log cut to a bounded length and
/// with line breaks and other control characters escaped, so a request can neither forge log lines nor write
/// megabytes into one.
/// </summary>
public sealed class ClientStringsInLogsTests : IAsyncLifetime
{
    private const string Forged = "v1\r\n2026-01-01T00:00:00.000Z info: MultusConfig[0] leader elected\u001b[31m\u202e";
    private static readonly string Huge = new('x', 20_000);

    private readonly FakeNadOwners _owners = new();
    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync(_owners);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonObject Review(string uid = "uid-1", string ns = "default") =>
        Reviews.Review("CREATE", Reviews.Smc("net1", """{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""", ns: ns), uid: uid);

    private List<string> WarningsAndErrors() =>
        [.. _host.Logs.Entries.Where(e => e.Level >= LogLevel.Warning && e.Category.Contains("MultusConfig", StringComparison.Ordinal)).Select(e => e.Message)];

    private static void AssertSafe(string line)
    {
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\u001b', line);
        Assert.DoesNotContain('\u202e', line);
        Assert.True(line.Length < 1024, $"a log line of {line.Length} characters");
    }

    [Theory]
    [InlineData("apiVersion")]
    [InlineData("kind")]
    public async Task MalformedReview_WithLineBreaksAndAHugeValue_IsLoggedOnOneBoundedLine(string field)
    {
        var review = Review();
        review[field] = Forged + Huge;

        var (status, _, _) = await _host.PostAsync(Reviews.ValidatePath, review.ToJsonString());

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var line = Assert.Single(WarningsAndErrors());
        AssertSafe(line);
        Assert.Contains("\\r\\n2026-01-01", line, StringComparison.Ordinal);
        Assert.Contains("(20", line, StringComparison.Ordinal); // the full length is stated
    }

    [Fact]
    public async Task UnknownOperation_WithLineBreaksAndAHugeValue_IsLoggedOnOneBoundedLine()
    {
        var review = Review();
        review["request"]!["operation"] = Forged + Huge;

        await _host.PostAsync(Reviews.ValidatePath, review.ToJsonString());

        AssertSafe(Assert.Single(WarningsAndErrors()));
    }

    [Fact]
    public async Task HandlerFailure_LogsTheClientsUidAndNamespaceCutAndEscaped()
    {
        _owners.Failure = new InvalidOperationException("cache exploded");
        var hostile = Forged + Huge;

        var response = await _host.ReviewAsync(Reviews.ValidatePath, Review(uid: hostile, ns: hostile));

        Assert.False((bool)response["allowed"]!);
        var line = Assert.Single(WarningsAndErrors());
        AssertSafe(line);
        Assert.Contains("cache exploded", _host.Logs.Entries.Single(e => e.Level == LogLevel.Error).Exception!.Message, StringComparison.Ordinal);
    }
}
