using MultusConfig.Core.Pipeline;
using MultusConfig.Operator.Admission;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>
/// The validating webhook's AdmissionReview warnings: one per value the NAD carries in another form, in the
/// operator's render profile (a bare hijackCIDR address in both, a bare route destination only in documented).
/// </summary>
public sealed class RenderNoteWarningsTests : IAsyncLifetime
{
    private const string BareAddresses = """
        {"cniType":"macvlan","macvlan":{"master":["eth0"]},
         "coordinator":{"hijackCIDR":["169.254.25.10","10.96.0.0/12","fd00::a"],"policyRoutes":[{"dst":"10.9.9.9","gw":"10.1.0.1"}]}}
        """;

    private WebhookHost _host = null!;

    public async Task InitializeAsync() => _host = await WebhookHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Admitted_smc_gets_a_warning_per_bare_address_in_the_admission_review_response()
    {
        var response = await _host.ReviewAsync(Reviews.ValidatePath, Reviews.Review("CREATE", Reviews.Smc("net1", BareAddresses)));

        Assert.True((bool)response["allowed"]!);
        Assert.Equal(
            [
                "spec.coordinator.hijackCIDR[0]: 169.254.25.10 is written as 169.254.25.10/32",
                "spec.coordinator.hijackCIDR[2]: fd00::a is written as fd00::a/128",
                "spec.coordinator.policyRoutes[0].dst: 10.9.9.9 is written as 10.9.9.9/32",
            ],
            response["warnings"]!.AsArray().Select(w => (string)w!));
    }

    [Fact]
    public async Task Admitted_smc_without_bare_addresses_gets_no_warnings_member()
    {
        var response = await _host.ReviewAsync(Reviews.ValidatePath,
            Reviews.Review("CREATE", Reviews.Smc("net1", """{"cniType":"macvlan","macvlan":{"master":["eth0"]},"coordinator":{"hijackCIDR":["10.96.0.0/12"]}}""")));

        Assert.True((bool)response["allowed"]!);
        Assert.False(response.ContainsKey("warnings"));
    }

    [Fact]
    public void Spiderpool_profile_warns_only_of_hijackCIDR_because_it_keeps_route_destinations_verbatim()
    {
        var handler = new SmcValidatingHandler { Warnings = new RenderNoteWarnings(RenderProfile.Spiderpool) };
        var request = new AdmissionRequest { Uid = "u1", Operation = "CREATE", Namespace = "default", NewObject = Reviews.Smc("net1", BareAddresses) };

        var response = handler.Decide(request);

        Assert.True(response.Allowed);
        Assert.Equal(
            ["spec.coordinator.hijackCIDR[0]: 169.254.25.10 is written as 169.254.25.10/32", "spec.coordinator.hijackCIDR[2]: fd00::a is written as fd00::a/128"],
            response.Warnings);
    }
}
