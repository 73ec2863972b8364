namespace MultusConfig.Core.Tests.Rendering;

/// <summary>The default profile renders what the product documentation shows.</summary>
public class DocumentedProfileTests
{
    [Fact]
    public void Documented_macvlan_example_renders_exactly_as_the_product_documentation_shows()
    {
        var result = Core.Pipeline.SmcProcessor.Process(
            TestSmc.Manifest("macvlan-ens192", """{"cniType":"macvlan","enableCoordinator":true,"macvlan":{"master":["ens192"]}}""", ns: "kube-system"),
            "default", Core.Pipeline.RenderProfile.Documented);
        Assert.Equal(
            """{"cniVersion":"0.3.1","name":"macvlan-ens192","plugins":[{"type":"macvlan","master":"ens192","mode":"bridge","ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""",
            result.Nad!.Spec.Config);
    }

    [Fact]
    public void Documented_ipvlan_example_renders_exactly_as_the_product_documentation_shows()
    {
        var result = Core.Pipeline.SmcProcessor.Process(
            TestSmc.Manifest("ipvlan-ens192", """{"cniType":"ipvlan","enableCoordinator":true,"ipvlan":{"master":["ens192"]}}""", ns: "kube-system"),
            "default", Core.Pipeline.RenderProfile.Documented);
        Assert.Equal(
            """{"cniVersion":"0.3.1","name":"ipvlan-ens192","plugins":[{"type":"ipvlan","master":"ens192","ipam":{"type":"spiderpool"}},{"type":"coordinator"}]}""",
            result.Nad!.Spec.Config);
    }
}
