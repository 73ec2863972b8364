using MultusConfig.Cni.Tests.Rendering;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// Generated macvlan SMC variations (every cni-version, disableIPAM, MTU, pools, ifacer masters,
/// annotations) rendered by Core with the default (documented) profile and run through the real
/// plugins with two pods. Depends on Core's pipeline.
/// </summary>
public class VariationTests
{
    public static TheoryData<string> Names() => Variations.MacvlanBasics();

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public Task Variation_renders_to_a_config_the_real_plugins_accept_and_run(string variation) =>
        SmcCaseRunner.RunAsync(Variations.Manifest(variation), RenderProfile.Documented);
}
