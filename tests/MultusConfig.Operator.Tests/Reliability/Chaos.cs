using MultusConfig.ApiServer;

namespace MultusConfig.Operator.Tests.Reliability;

/// <summary>
/// Every fault kind of the double over one window, in phases: random 500/503/429/409 and watch cuts
/// every 3 s throughout, every other one an abrupt reset of the connections mid-stream (as an API server
/// restart, a load balancer reset or an HTTP/2 GOAWAY), not a clean end; compaction (410 Gone on resume) at 20 % and 70 %; the server down for the
/// given downtime at 35 %; every request delayed 2 s from 65 % to 80 %. All faults end with the window.
/// </summary>
internal sealed class Chaos(ApiServerDouble server, int seed)
{
    private const double FailureRate = 0.10; // the 10 % of requests
    private static readonly int[] Codes = [500, 503, 429, 409];
    private int _cuts;
    private int _ticks;
    private int _compactions;
    private int _restarts;
    private int _delayed;

    /// <summary>Faults other than failed requests: watch cuts, compactions, restarts and delay phases.</summary>
    public int Events => _cuts + _compactions + _restarts + _delayed;

    public async Task RunAsync(TimeSpan window, TimeSpan downtime)
    {
        var started = DateTime.UtcNow;
        async Task Until(double share)
        {
            var at = started + window * share;
            if (at > DateTime.UtcNow) await Task.Delay(at - DateTime.UtcNow);
        }

        server.Faults.FailRandomly(FailureRate, Codes, seed);
        using (new Timer(_ => Interlocked.Add(ref _cuts, server.CutWatches(abort: Interlocked.Increment(ref _ticks) % 2 == 0)), null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)))
        {
            try
            {
                await Until(0.2);
                Compact();
                await Until(0.35);
                await server.RestartAsync(downtime);
                _restarts++;
                await Until(0.65);
                server.Faults.Delay(TimeSpan.FromSeconds(2));
                _delayed++;
                await Until(0.7);
                Compact();
                await Until(0.8);
                // Clear also drops the random failures: put them back with another seed for the rest of the window.
                server.Faults.Clear();
                server.Faults.FailRandomly(FailureRate, Codes, seed + 1);
                await Until(1.0);
            }
            finally
            {
                server.Faults.Clear();
                await server.ResumeServingAsync();
            }
        }
    }

    private void Compact()
    {
        server.CompactHistory();
        Interlocked.Add(ref _cuts, server.CutWatches());
        _compactions++;
    }

    public override string ToString() => $"watch_cuts={_cuts} compactions={_compactions} restarts={_restarts} delay_phases={_delayed}";
}
