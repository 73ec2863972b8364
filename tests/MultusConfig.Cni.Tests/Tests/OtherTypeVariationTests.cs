using MultusConfig.Cni.Tests.Rendering;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// Generated ipvlan, vlan and custom SMCs rendered by Core (documented profile): ipvlan and vlan must
/// fail only at link creation on this kernel, custom configs run by their main plugin. Depends on Core's pipeline.
/// </summary>
public class OtherTypeVariationTests
{
    public static TheoryData<string> Names() => Variations.OtherTypes();

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public Task Variation_renders_to_a_config_the_real_plugins_accept_and_run(string variation) =>
        SmcCaseRunner.RunAsync(Variations.Manifest(variation), RenderProfile.Documented);
}
