using MultusConfig.ApiServer;
using MultusConfig.Core.Pipeline;
using MultusConfig.Operator.Tests.Controller;

namespace MultusConfig.Operator.Tests.EndToEnd;

/// <summary>
/// Admission warnings as a user sees them: the real kubectl applies through the API server double, which
/// passes the webhook's AdmissionReview warnings back as <c>Warning</c> headers, as the real API server does.
/// </summary>
public class AdmissionWarningEndToEndTests
{
    private const string Smc = """
        apiVersion: spiderpool.spidernet.io/v2beta1
        kind: SpiderMultusConfig
        metadata:
          name: hijack
          namespace: team1
        spec:
          cniType: macvlan
          macvlan:
            master: [ens192]
          coordinator:
            hijackCIDR: [10.96.0.0/12, 169.254.25.10]
            policyRoutes:
              - {dst: 10.9.9.9, gw: 10.1.0.1}
        """;

    [Theory]
    [InlineData(RenderProfile.Documented)]
    [InlineData(RenderProfile.Spiderpool)]
    public async Task Kubectl_apply_warns_of_each_address_the_profile_writes_as_a_prefix_and_the_nad_carries_it(RenderProfile profile)
    {
        var (f, kubectl) = await WebhookEndToEndTests.StartAsync(o => o.RenderProfile = profile);
        await using var _ = f;
        using var __ = kubectl;

        var apply = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("hijack.yaml", Smc));

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("Warning: spec.coordinator.hijackCIDR[1]: 169.254.25.10 is written as 169.254.25.10/32", apply.Stderr, StringComparison.Ordinal);
        var nad = await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("hijack"), n => true, "NAD created");
        Assert.Contains("\"hijackCIDR\":[\"10.96.0.0/12\",\"169.254.25.10/32\"]", nad.Spec.Config, StringComparison.Ordinal);
        // The spiderpool profile keeps a route destination as the reference writes it (the coordinator accepts a bare one), and says nothing.
        var routeWarning = "Warning: spec.coordinator.policyRoutes[0].dst: 10.9.9.9 is written as 10.9.9.9/32";
        if (profile == RenderProfile.Documented)
        {
            Assert.Contains(routeWarning, apply.Stderr, StringComparison.Ordinal);
            Assert.Contains("{\"dst\":\"10.9.9.9/32\",", nad.Spec.Config, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain(routeWarning, apply.Stderr, StringComparison.Ordinal);
            Assert.Contains("{\"dst\":\"10.9.9.9\",", nad.Spec.Config, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Kubectl_apply_without_bare_addresses_prints_no_warning()
    {
        var (f, kubectl) = await WebhookEndToEndTests.StartAsync();
        await using var _ = f;
        using var __ = kubectl;

        var apply = await kubectl.RunAsync("apply", "-f", kubectl.WriteFile("plain.yaml", Smc.Replace(", 169.254.25.10", "", StringComparison.Ordinal).Replace("dst: 10.9.9.9,", "dst: 10.9.0.0/16,", StringComparison.Ordinal)));

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.DoesNotContain("Warning", apply.Stderr, StringComparison.Ordinal);
    }
}
