using MultusConfig.Core.Pipeline;
using MultusConfig.Operator.Admission;
using MultusConfig.Operator.Controller;

namespace MultusConfig.Operator.Tests.Admission;

/// <summary>
/// --allowed-cni-types at admission: every plugin type and ipam type the NAD would carry must be listed; each one
/// that is not is denied at the field that brought it in.
/// </summary>
public sealed class AllowedCniTypesWebhookTests
{
    private static readonly SmcValidatingHandler Handler = new()
    {
        AllowedTypes = new CniTypeAllowList(["macvlan", "spiderpool", "coordinator", "tuning"], RenderProfile.Documented),
    };

    private static AdmissionResponse Create(string spec) =>
        Handler.Decide(new AdmissionRequest { Uid = "u1", Operation = "CREATE", Namespace = "default", NewObject = Reviews.Smc("net1", spec) });

    private static List<string> Causes(AdmissionResponse response) =>
        response.Status!.Details!.Causes!.Select(c => $"{c.Field}: {c.Message}").ToList();

    [Fact]
    public void A_custom_host_device_plugin_is_denied_at_spec_customCNI()
    {
        var response = Create("""{"cniType":"custom","customCNI":"{\"cniVersion\":\"0.3.1\",\"name\":\"steal\",\"type\":\"host-device\",\"device\":\"eth1\"}"}""");

        Assert.False(response.Allowed);
        var cause = Assert.Single(Causes(response));
        Assert.StartsWith("spec.customCNI: Forbidden: CNI plugin type \"host-device\" is not allowed by the operator's --allowed-cni-types", cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_type_of_a_custom_conflist_is_checked_including_ipam()
    {
        var response = Create("""{"cniType":"custom","customCNI":"{\"cniVersion\":\"0.3.1\",\"name\":\"n\",\"plugins\":[{\"type\":\"macvlan\",\"ipam\":{\"type\":\"dhcp\"}},{\"type\":\"bandwidth\"}]}"}""");

        Assert.False(response.Allowed);
        Assert.Equal(["spec.customCNI", "spec.customCNI"], response.Status!.Details!.Causes!.Select(c => c.Field));
        Assert.Contains("\"dhcp\"", Causes(response)[0], StringComparison.Ordinal);
        Assert.Contains("\"bandwidth\"", Causes(response)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_chained_plugin_outside_the_list_is_denied_at_its_chainCNIJsonData_index()
    {
        var response = Create("""{"cniType":"macvlan","macvlan":{"master":["eth0"]},"chainCNIJsonData":["{\"type\":\"tuning\"}","{\"type\":\"portmap\"}"]}""");

        Assert.False(response.Allowed);
        var cause = Assert.Single(Causes(response));
        Assert.StartsWith("spec.chainCNIJsonData[1]: Forbidden: CNI plugin type \"portmap\"", cause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_built_in_type_outside_the_list_is_denied_at_spec_cniType()
    {
        var response = Create("""{"cniType":"ipvlan","ipvlan":{"master":["eth0"]}}""");

        Assert.False(response.Allowed);
        Assert.StartsWith("spec.cniType: Forbidden: CNI plugin type \"ipvlan\"", Assert.Single(Causes(response)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_smc_whose_every_type_is_listed_is_admitted_and_no_list_admits_anything()
    {
        Assert.True(Create("""{"cniType":"macvlan","macvlan":{"master":["eth0"]}}""").Allowed);
        var open = new SmcValidatingHandler();
        var hostDevice = """{"cniType":"custom","customCNI":"{\"cniVersion\":\"0.3.1\",\"name\":\"x\",\"type\":\"host-device\",\"device\":\"eth1\"}"}""";
        Assert.True(open.Decide(new AdmissionRequest { Uid = "u2", Operation = "CREATE", Namespace = "default", NewObject = Reviews.Smc("net1", hostDevice) }).Allowed);
    }
}
