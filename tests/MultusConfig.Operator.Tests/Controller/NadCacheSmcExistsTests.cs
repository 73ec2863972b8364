using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Controller;
using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>The webhook's view of a NAD's controlling SMC (every replica, no SMC cache): one live GET against the API server double.</summary>
public class NadCacheSmcExistsTests
{
    [Fact]
    public async Task A_controlling_smc_exists_only_with_its_name_and_uid()
    {
        await using var f = await OperatorFixture.StartAsync();
        var smc = await f.CreateSmcAsync("holder", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");
        using var cache = new NadCache(OperatorClients.For(f.Server), new OperatorOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        V1OwnerReference Ref(string name, string uid) => new() { ApiVersion = SpiderMultusConfig.GroupVersion, Kind = SpiderMultusConfig.KindName, Name = name, Uid = uid, Controller = true };

        Assert.True(await cache.SmcExistsAsync("team1", Ref("holder", smc.Metadata.Uid), CancellationToken.None));
        Assert.False(await cache.SmcExistsAsync("team1", Ref("holder", "an-earlier-uid"), CancellationToken.None));
        Assert.False(await cache.SmcExistsAsync("team1", Ref("deleted", "u"), CancellationToken.None));
        Assert.Equal(3, f.Server.Requests.Count("get", "spidermultusconfigs"));
    }
}
