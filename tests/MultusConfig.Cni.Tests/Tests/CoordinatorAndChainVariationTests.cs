using MultusConfig.Cni.Tests.Rendering;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// Generated variations of coordinator options and chained plugins (tuning with sysctls and MTU),
/// rendered by Core (documented profile) and run through the real plugins and the coordinator
/// stand-in. A class of its own so it runs in parallel with the other variations. Depends on Core's pipeline.
/// </summary>
public class CoordinatorAndChainVariationTests
{
    public static TheoryData<string> Names() => Variations.CoordinatorAndChain();

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public Task Variation_renders_to_a_config_the_real_plugins_accept_and_run(string variation) =>
        SmcCaseRunner.RunAsync(Variations.Manifest(variation), RenderProfile.Documented);

    /// <summary>D31: the reference's verbatim bare address would be refused by the coordinator's net.ParseCIDR.</summary>
    [SkippableFact]
    public Task Spiderpool_profile_bare_hijackCIDR_address_runs_through_the_coordinator() =>
        SmcCaseRunner.RunAsync(Variations.Manifest("macvlan coordinator hijackCIDR given as a bare IP"), RenderProfile.Spiderpool);
}
