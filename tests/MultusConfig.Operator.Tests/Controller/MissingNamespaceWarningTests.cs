using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MultusConfig.Operator.Tests.Admission;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>
/// A --namespace that does not exist looks like a namespace without SMCs; the operator says so once, as a
/// warning naming it and the flag, and keeps running (the namespace is watched once created).
/// </summary>
public sealed class MissingNamespaceWarningTests
{
    [Fact]
    public async Task A_watched_namespace_that_does_not_exist_is_logged_once_as_a_warning_and_the_others_still_reconcile()
    {
        await using var f = await OperatorFixture.StartAsync();
        using var logs = new CapturingLoggerProvider();
        await f.StartOperatorAsync(o => o.Namespaces = ["team1", "nope"], services: s => s.AddSingleton<ILoggerProvider>(logs));

        // The existing namespace is served as usual, so the controller has started.
        await f.CreateSmcAsync("net1", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net1"), _ => true, "the NAD in team1", seconds: 30);
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<object?>(Warnings(logs).Count > 0 ? "" : null), _ => true, "the warning", seconds: 30);

        var warning = Assert.Single(Warnings(logs));
        Assert.Contains("watched namespace nope (--namespace) does not exist", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("namespace team1", StringComparison.Ordinal));
    }

    private static List<string> Warnings(CapturingLoggerProvider logs) =>
        logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("--namespace", StringComparison.Ordinal)).Select(e => e.Message).ToList();
}
