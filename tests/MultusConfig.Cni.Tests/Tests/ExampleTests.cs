using MultusConfig.Cni.Tests.Rendering;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>
/// Every SMC manifest in examples/ (picked up automatically), rendered by Core with the default
/// (documented) profile and run through the real plugins as a node would run it. Depends on Core's pipeline.
/// </summary>
public class ExampleTests
{
    public static TheoryData<string> Files() => ExampleFiles.Names();

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public Task Example_rendered_with_the_documented_profile_runs_on_the_real_plugins(string file) =>
        ExampleFiles.RunAsync(file, RenderProfile.Documented, podCount: 2);
}
