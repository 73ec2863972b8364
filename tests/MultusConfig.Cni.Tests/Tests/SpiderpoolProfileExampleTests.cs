using MultusConfig.Cni.Tests.Rendering;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// Every SMC manifest in examples/, rendered with the spiderpool (byte-compatible) profile, whose
/// materialized defaults ("mtu":0, full coordinator) must work on a node too: one pod each (ADD, CHECK,
/// DEL), the two-pod data path being proved with the documented profile. Depends on Core's pipeline.
/// A class of its own so it runs in parallel with the documented-profile examples.
/// </summary>
public class SpiderpoolProfileExampleTests
{
    public static TheoryData<string> Files() => ExampleFiles.Names();

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public Task Example_rendered_with_the_spiderpool_profile_runs_on_the_real_plugins(string file) =>
        ExampleFiles.RunAsync(file, RenderProfile.Spiderpool, podCount: 1);
}
