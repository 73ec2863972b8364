using k8s;
using Microsoft.Extensions.DependencyInjection;
using MultusConfig.Core.Api;
using MultusConfig.Operator.Controller;
using MultusConfig.Operator.Hosting;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>A cached NAD holds its cached SMC's name and uid strings, not equal copies (the lean cache, issue 13).</summary>
public class CachedStringSharingTests
{
    [Fact]
    public async Task A_cached_nad_holds_the_name_and_uid_strings_of_its_cached_smc_after_the_smc_changes_too()
    {
        await using var f = await OperatorFixture.StartAsync();
        var app = await f.StartOperatorAsync(o => o.ResyncPeriod = TimeSpan.FromHours(1));
        var nads = app.Services.GetRequiredService<NadCache>();
        var leadership = app.Services.GetRequiredService<Leadership>();
        await f.CreateSmcAsync("net-a", """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""");
        await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("net-a"), s => s.Status?.Conditions?.Any(c => c.Reason == "Synced") == true, "Synced");
        // An SMC event after the NAD's (its annotations change): the new SMC object's strings are taken up.
        var smc = (await f.GetSmcAsync("net-a"))!;
        smc.Metadata.Annotations = new Dictionary<string, string> { ["team.example.com/owner"] = "blue" };
        await f.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(smc, SpiderMultusConfig.Group, SpiderMultusConfig.Version, "team1", SpiderMultusConfig.Plural, "net-a");

        var shared = await OperatorFixture.EventuallyAsync(() =>
        {
            var cachedSmc = leadership.Controller?.CachedSmc("team1/net-a");
            var cachedNad = nads.Get("team1/net-a");
            return Task.FromResult(
                cachedSmc?.Metadata.Annotations?.ContainsKey("team.example.com/owner") == true && cachedNad?.Metadata.Annotations?.ContainsKey("team.example.com/owner") == true
                    ? new Cached(cachedSmc, cachedNad) : null);
        }, p => ReferenceEquals(p.Nad.Metadata.OwnerReferences[0].Uid, p.Smc.Metadata.Uid), "the cached NAD's owner uid is the cached SMC's string");

        Assert.Same(shared.Smc.Metadata.Name, shared.Nad.Metadata.Name);
        Assert.Same(shared.Smc.Metadata.Name, shared.Nad.Metadata.OwnerReferences[0].Name);
        Assert.Equal(shared.Smc.Metadata.Uid, shared.Nad.Metadata.OwnerReferences[0].Uid);
    }

    private sealed record Cached(SpiderMultusConfig Smc, NetworkAttachmentDefinition Nad);
}
