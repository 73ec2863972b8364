using System.Text.Json.Nodes;
using CsCheck;
using MultusConfig.Core.Pipeline;
using MultusConfig.Testing;

namespace MultusConfig.Core.Tests.Properties;

/// <summary>
/// Generated valid SMCs with spec.ipam (tests/Shared/RandomIpam.cs, the population the CNI tests also run
/// through the real plugins): admission and <c>smc validate</c> accept them, and both profiles render the
/// main plugin's ipam as the SMC's keys in the plugin's spelling, type first, nothing added or lost.
/// </summary>
public class IpamPropertyTests
{
    private static readonly Dictionary<string, string> PluginSpelling = new(StringComparer.Ordinal) { ["rangeStart"] = "range_start", ["rangeEnd"] = "range_end" };

    [Fact]
    public void Generated_valid_ipam_is_accepted_and_rendered_key_for_key_in_the_plugins_spelling()
    {
        Gen.Int.Sample(seed =>
        {
            var c = new RandomIpam(new Random(seed), "/var/lib/cni/test").Next();
            var annotations = $$"""{"multus.spidernet.io/cni-version":"{{c.CniVersion}}"}""";
            foreach (var profile in new[] { RenderProfile.Documented, RenderProfile.Spiderpool })
            {
                var result = SmcProcessor.Process(TestSmc.Manifest("net", c.Spec.ToJsonString(), annotations), "default", profile);
                Assert.True(result.IsValid, $"seed {seed}: {string.Join("; ", result.Errors)}\n{c.Spec.ToJsonString()}");
                var main = JsonNode.Parse(result.Nad!.Spec.Config)!["plugins"]![0]!.AsObject();
                var ipam = main["ipam"]!.AsObject();
                Assert.Equal("type", ipam.First().Key);
                var expected = c.Spec["ipam"]!.AsObject();
                Assert.Equal(expected.Select(p => PluginSpelling.GetValueOrDefault(p.Key, p.Key)).Order(StringComparer.Ordinal), ipam.Select(p => p.Key).Order(StringComparer.Ordinal));
                foreach (var (key, value) in expected)
                    Assert.True(JsonNode.DeepEquals(value, ipam[PluginSpelling.GetValueOrDefault(key, key)]), $"seed {seed}: {key} rendered as {ipam.ToJsonString()}");
                Assert.Null(main["capabilities"]);
            }
        }, iter: 500, seed: "0000A0B3bDw3");
    }
}
