using System.Text.Json.Nodes;
using MultusConfig.Core.Pipeline;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>One fault kind at a time, small: what the scenario mixes, each shown to be survived on its own.</summary>
public sealed class SingleFaultTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private sealed class Setup : IAsyncDisposable
    {
        private Setup(OperatorFixture f, CrashWatch crashes, MultusConfig.Operator.Kube.KubeClient operatorClient)
        {
            Fixture = f;
            Crashes = crashes;
            OperatorClient = operatorClient;
            Invariants = new Invariants(f.Server, Ledger, RenderProfile.Documented, crashes);
        }

        public OperatorFixture Fixture { get; }
        public CrashWatch Crashes { get; }
        public MultusConfig.Operator.Kube.KubeClient OperatorClient { get; }
        public WorkloadLedger Ledger { get; } = new();
        public Invariants Invariants { get; }

        public static async Task<Setup> StartAsync()
        {
            var f = await OperatorFixture.StartAsync();
            var crashes = new CrashWatch();
            var client = OperatorUserAgent.CreateClient(f.Server);
            await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1), client, crashes.AddTo);
            return new Setup(f, crashes, client);
        }

        /// <summary>Creates an SMC through storage (no HTTP, so also while the server is down) and records it.</summary>
        public async Task CreateDirectAsync(string name, string spec)
        {
            await Fixture.Server.CreateAsync(new JsonObject
            {
                ["apiVersion"] = "spiderpool.spidernet.io/v2beta1",
                ["kind"] = "SpiderMultusConfig",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "team1" },
                ["spec"] = JsonNode.Parse(spec),
            });
            Ledger.Smcs[WorkloadLedger.Key("team1", name)] = true;
        }

        public async Task AssertConvergesAsync(TimeSpan bound)
        {
            var (violations, _) = await Invariants.EventuallyAsync(() => [.. Invariants.CheckStorage(), .. Invariants.CheckRequestLog()], bound);
            var all = violations.Concat(Invariants.CheckHealth()).ToList();
            Assert.True(all.Count == 0, Invariants.Describe(all));
        }

        public async ValueTask DisposeAsync()
        {
            await Fixture.DisposeAsync();
            OperatorClient.Dispose();
            Crashes.Dispose();
        }
    }

    [Fact]
    public async Task After_the_API_server_is_down_for_10s_the_operator_converges_without_a_restart()
    {
        await using var s = await Setup.StartAsync();
        for (var i = 0; i < 4; i++) await s.CreateDirectAsync($"before-{i}", SmcCatalog.Valid(SmcCatalog.ValidKinds[i], i));
        await s.AssertConvergesAsync(Bound);

        await s.Fixture.Server.StopServingAsync();
        // Changes made while it is down reach storage by another way (as through another API server replica).
        for (var i = 0; i < 4; i++) await s.CreateDirectAsync($"during-{i}", SmcCatalog.Valid(SmcCatalog.ValidKinds[i + 3], i));
        await Task.Delay(TimeSpan.FromSeconds(10)); // the outage itself, not an assertion
        await s.Fixture.Server.ResumeServingAsync();

        await s.AssertConvergesAsync(Bound);
    }

    [Fact]
    public async Task With_every_response_delayed_2s_the_operator_still_converges()
    {
        await using var s = await Setup.StartAsync();
        s.Fixture.Server.Faults.Delay(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 4; i++) await s.CreateDirectAsync($"slow-{i}", SmcCatalog.Valid(SmcCatalog.ValidKinds[i], i));

        // Each SMC costs a NAD create, a status patch and an Event at 2 s apiece, over two workers.
        await s.AssertConvergesAsync(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task After_a_third_of_all_requests_failed_at_random_the_operator_converges_within_30s_of_the_faults_stopping()
    {
        await using var s = await Setup.StartAsync();
        s.Fixture.Server.Faults.FailRandomly(0.33, [500, 503, 429, 409], seed: 5);
        for (var i = 0; i < 8; i++) await s.CreateDirectAsync($"rand-{i}", SmcCatalog.Valid(SmcCatalog.ValidKinds[i % SmcCatalog.ValidKinds.Length], i));
        await OperatorFixture.EventuallyAsync(() => Task.FromResult<object?>(s.Fixture.Server.Faults.Injected >= 10 ? new object() : null), _ => true, "ten injected failures", seconds: 60);
        s.Fixture.Server.Faults.Clear();

        await s.AssertConvergesAsync(Bound);
    }
}
