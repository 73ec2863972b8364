using System.Diagnostics;
using System.Globalization;
using k8s;
using MultusConfig.Core.Pipeline;
using MultusConfig.Operator.Tests.Controller;
using Xunit.Abstractions;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// The reliability issue's scenario: "users trust an operator that writes their network definitions
/// only if it never loses or corrupts one, whatever the cluster does". A seeded workload churns SMCs
/// while the API server fails requests at random, cuts watches, compacts its history, goes down for
/// 10 s and answers slowly; within 30 s of the faults stopping every invariant must hold.
/// Size and length: MULTUS_CONFIG_SOAK_SMCS (default 300) and MULTUS_CONFIG_SOAK_SECONDS (default 40).
/// </summary>
public sealed class ApiFaultScenarioTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ConvergenceBound = TimeSpan.FromSeconds(30); // the issue's bound
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(10);

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    [Fact]
    public async Task Under_random_failures_cut_watches_compaction_a_10s_outage_and_slow_responses_no_NAD_is_lost_or_corrupted_and_all_converge_within_30s()
    {
        var smcs = FromEnvironment("MULTUS_CONFIG_SOAK_SMCS", 300);
        var seconds = FromEnvironment("MULTUS_CONFIG_SOAK_SECONDS", 40);
        const int seed = 20261125;
        string[] namespaces = ["team1", "team2", "team3"];

        await using var f = await OperatorFixture.StartAsync();
        foreach (var ns in namespaces.Skip(1)) await f.Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = ns } });
        using var crashes = new CrashWatch();
        var history = new NadConfigHistory(f.Server);
        using var operatorClient = OperatorUserAgent.CreateClient(f.Server);
        await f.StartOperatorAsync(o => o.Workers = 4, operatorClient, crashes.AddTo);

        var ledger = new WorkloadLedger();
        var invariants = new Invariants(f.Server, ledger, RenderProfile.Documented, crashes);
        var workload = new RandomWorkload(f.Server, f.Client, ledger, seed, smcs, namespaces);
        var chaos = new Chaos(f.Server, seed);

        var faultWindow = Stopwatch.StartNew();
        using var stopChurn = new CancellationTokenSource();
        var chaosRun = chaos.RunAsync(TimeSpan.FromSeconds(seconds), Downtime);
        await workload.SeedAsync();
        var seeded = faultWindow.Elapsed;
        var churn = workload.ChurnAsync(stopChurn.Token);
        var midway = new List<string>();
        while (!chaosRun.IsCompleted)
        {
            // Under faults the storage cannot be converged, but the request log and health invariants hold at all times.
            midway.AddRange(invariants.CheckRequestLog());
            midway.AddRange(invariants.CheckHealth());
            await Task.WhenAny(chaosRun, Task.Delay(TimeSpan.FromSeconds(5)));
        }
        await chaosRun;
        await stopChurn.CancelAsync();
        await churn;
        var faultsStopped = faultWindow.Elapsed;

        var convergence = new List<string>();
        var (violations, converged) = await Invariants.EventuallyAsync(() => [.. invariants.CheckStorage(), .. invariants.CheckRequestLog()], ConvergenceBound,
            (at, open) => convergence.Add($"at {at.TotalSeconds:F0}s {open.Count} open, e.g. {open[0]}"));
        var final = violations.Concat(invariants.CheckHealth()).Concat(invariants.CheckNadConfigsNeverGoBack(history)).Concat(midway.Distinct()).ToList();

        var summary = $"faults: requests={f.Server.Requests.All.Count} faults_injected={f.Server.Faults.Injected + chaos.Events} smcs_churned={ledger.Churned} invariant_checks={invariants.ChecksRun} failures={final.Count}";
        var detail = $"smcs={smcs} live={ledger.Smcs.Count} seconds={seconds} seeded_in={seeded.TotalSeconds:F1}s faults_for={faultsStopped.TotalSeconds:F1}s converged_in={converged.TotalSeconds:F1}s " +
            $"creates={ledger.Creates} updates={ledger.Updates} deletes={ledger.Deletes} marks={ledger.MarksAdded} {chaos} operator_errors_logged={crashes.Errors} " +
            $"operator_requests={f.Server.Requests.All.Count(r => r.UserAgent == OperatorUserAgent.Value)} heap_mib={GC.GetTotalMemory(false) / (1024 * 1024)} " +
            $"connections={Invariants.EstablishedConnectionsTo(f.Server.HttpsUrl.Port, f.Server.HttpUrl.Port)} open_watches={f.Server.OpenWatches} operator_top=" +
            string.Join(",", f.Server.Requests.All.Where(r => r.UserAgent == OperatorUserAgent.Value).GroupBy(r => $"{r.Verb}:{r.Resource}{(r.Subresource is null ? "" : "/" + r.Subresource)}:{r.StatusCode}")
                .OrderByDescending(g => g.Count()).Take(12).Select(g => $"{g.Key}={g.Count()}"));
        output.WriteLine(summary);
        output.WriteLine(detail);
        Console.WriteLine(summary);
        Console.WriteLine(detail);
        foreach (var line in convergence) Console.WriteLine("convergence: " + line);
        Assert.True(final.Count == 0, Invariants.Describe(final));
    }
}
