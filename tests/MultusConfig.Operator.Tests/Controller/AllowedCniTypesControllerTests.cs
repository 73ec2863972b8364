using Microsoft.Extensions.DependencyInjection;
using MultusConfig.Operator.Admission;

namespace MultusConfig.Operator.Tests.Controller;

/// <summary>
/// An SMC stored before --allowed-cni-types was set (or while the webhook was down) gets no NAD from an operator
/// started with the flag: Ready=False TypeNotAllowed naming the field; the operator's own webhook refuses it too.
/// </summary>
public sealed class AllowedCniTypesControllerTests
{
    private const string HostDevice = """{"cniType":"custom","customCNI":"{\"cniVersion\":\"0.3.1\",\"name\":\"steal\",\"type\":\"host-device\",\"device\":\"eth1\"}"}""";
    private const string Macvlan = """{"cniType":"macvlan","macvlan":{"master":["ens192"]}}""";

    [Fact]
    public async Task An_smc_naming_a_type_outside_the_list_gets_TypeNotAllowed_and_no_NAD_while_a_listed_one_is_synced()
    {
        await using var f = await OperatorFixture.StartAsync();
        await f.CreateSmcAsync("net-steal", HostDevice);
        await f.CreateSmcAsync("net-ok", Macvlan);
        await f.StartOperatorAsync(o => o.AllowedCniTypes = ["macvlan", "spiderpool", "coordinator"]);

        var smc = await OperatorFixture.EventuallyAsync(() => f.GetSmcAsync("net-steal"),
            s => s.Status?.Conditions?.Any(c => c.Reason == "TypeNotAllowed") == true, "TypeNotAllowed on the status", seconds: 30);
        var ready = smc.Status!.Conditions!.Single(c => c.Type == "Ready");
        Assert.Equal("False", ready.Status);
        Assert.StartsWith("spec.customCNI: Forbidden: CNI plugin type \"host-device\"", ready.Message, StringComparison.Ordinal);

        // The listed one converges; by then the refused one has been reconciled too, and still has no NAD.
        await OperatorFixture.EventuallyAsync(() => f.GetNadAsync("net-ok"), _ => true, "the macvlan NAD", seconds: 30);
        Assert.Null(await f.GetNadAsync("net-steal"));
    }

    [Fact]
    public async Task The_operators_webhook_applies_the_same_list()
    {
        await using var f = await OperatorFixture.StartAsync();
        var app = await f.StartOperatorAsync(o => o.AllowedCniTypes = ["macvlan"]);
        var handler = app.Services.GetRequiredService<SmcValidatingHandler>();

        var response = await handler.HandleAsync(new AdmissionRequest
        {
            Uid = "u1", Operation = "CREATE", Namespace = "team1",
            NewObject = Admission.Reviews.Smc("net-steal", HostDevice, ns: "team1"),
        }, CancellationToken.None);

        Assert.False(response.Allowed);
        Assert.Contains("spec.customCNI", response.Status!.Details!.Causes!.Select(c => c.Field));
    }
}
