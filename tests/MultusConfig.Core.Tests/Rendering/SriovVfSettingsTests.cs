using System.Text.Json.Nodes;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Core.Tests.Rendering;

/// <summary>
/// What sriov-cni does to the VF for each rendering: <c>ApplyVFConfig</c> in k8snetworkplumbingwg/sriov-cni
/// pkg/sriov/sriov.go sets the VF's VLAN only when <c>vlan</c> is present (absent: the VF keeps the VLAN it
/// has), and its rates only when <c>min_tx_rate</c> or <c>max_tx_rate</c> is present (the other one then 0).
/// So 0 and absent differ, and both profiles must write what the reference writes.
/// </summary>
public class SriovVfSettingsTests
{
    public static TheoryData<string, RenderProfile, string> Cases()
    {
        var data = new TheoryData<string, RenderProfile, string>();
        foreach (var profile in new[] { RenderProfile.Documented, RenderProfile.Spiderpool })
        {
            data.Add("", profile, "vlan 0; rates 0/0");
            data.Add("\"vlanID\":0", profile, "vlan 0; rates 0/0");
            data.Add("\"vlanID\":5", profile, "vlan 5; rates 0/0");
            data.Add("\"minTxRateMbps\":100", profile, "vlan 0; rates 100/0");
            data.Add("\"maxTxRateMbps\":900", profile, "vlan 0; rates 0/900");
            data.Add("\"vlanID\":7,\"minTxRateMbps\":100,\"maxTxRateMbps\":900", profile, "vlan 7; rates 100/900");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sriov_vf_settings_applied_by_sriov_cni_are_the_references_in_both_profiles(string fields, RenderProfile profile, string expected)
    {
        var block = fields.Length == 0 ? "" : "," + fields;
        var config = TestSmc.Config("s", """{"cniType":"sriov","sriov":{"resourceName":"r/x"%block%}}""".Replace("%block%", block, StringComparison.Ordinal), profile: profile);

        var plugin = (JsonObject)JsonNode.Parse(config)!["plugins"]![0]!;
        Assert.Equal(expected, SriovCniVfSettings(plugin));
    }

    /// <summary>sriov-cni's ApplyVFConfig steps 1 and 3, as a description of what it sets.</summary>
    private static string SriovCniVfSettings(JsonObject plugin)
    {
        var vlan = plugin["vlan"] is { } v ? $"vlan {(int)v}" : "VF VLAN left as it is";
        var rateConfigured = plugin.ContainsKey("min_tx_rate") || plugin.ContainsKey("max_tx_rate");
        var rates = rateConfigured ? $"rates {(int?)plugin["min_tx_rate"] ?? 0}/{(int?)plugin["max_tx_rate"] ?? 0}" : "VF rates left as they are";
        return vlan + "; " + rates;
    }
}
