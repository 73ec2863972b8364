using System.Text.Json.Nodes;
using MultusConfig.Cni.Tests.Cni;

namespace MultusConfig.Cni.Tests.Tests;

/// <summary>The runtime's result and error checks follow the CNI spec of each version.</summary>
public class CniResultValidatorTests
{
    [SkippableTheory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    public void Results_before_1_0_0_need_a_version_on_every_ip(string version)
    {
        Assert.Empty(CniResultValidator.Validate(Result(version, """{"version":"4","address":"10.0.0.5/24","gateway":"10.0.0.1","interface":0}"""), version));
        Assert.Contains(CniResultValidator.Validate(Result(version, """{"address":"10.0.0.5/24"}"""), version), p => p.Contains("version must be", StringComparison.Ordinal));
        Assert.Contains(CniResultValidator.Validate(Result(version, """{"version":"6","address":"10.0.0.5/24"}"""), version), p => p.Contains("does not match", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_1_0_0_result_must_not_carry_version_on_ips()
    {
        Assert.Empty(CniResultValidator.Validate(Result("1.0.0", """{"address":"10.0.0.5/24","interface":0}"""), "1.0.0"));
        Assert.Contains(CniResultValidator.Validate(Result("1.0.0", """{"version":"4","address":"10.0.0.5/24"}"""), "1.0.0"), p => p.Contains("must not carry", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [InlineData("""{"address":"10.0.0.5"}""", "CIDR")]
    [InlineData("""{"address":"10.0.0.5/24","interface":3}""", "must index into interfaces")]
    [InlineData("""{"address":"10.0.0.5/24","gateway":"x"}""", "gateway must be an IP")]
    [InlineData("""{"address":"10.0.0.5/24","mtu":1500}""", "unexpected key 'mtu'")]
    public void Malformed_ips_are_reported(string ip, string expected)
    {
        Assert.Contains(CniResultValidator.Validate(Result("1.0.0", ip), "1.0.0"), p => p.Contains(expected, StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Routes_dns_and_the_result_version_are_checked()
    {
        var result = JsonNode.Parse("""{"cniVersion":"0.4.0","routes":[{"dst":"0.0.0.0/0","gw":"10.0.0.1"},{"gw":"10.0.0.1"}],"dns":{"nameservers":["10.0.0.2"],"domain":1},"extra":true}""");
        var problems = CniResultValidator.Validate(result, "1.0.0");
        Assert.Contains(problems, p => p.Contains("differs from the config's", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("routes[1].dst", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("dns.domain", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unexpected top-level key 'extra'", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Error_objects_need_a_code_and_a_message()
    {
        var (error, problems) = CniError.Parse("""{"cniVersion":"1.0.0","code":7,"msg":"bad","details":"more"}""");
        Assert.Empty(problems);
        Assert.Equal(new CniError(7, "bad", "more"), error);
        Assert.NotEmpty(CniError.Parse("""{"msg":"no code"}""").Problems);
        Assert.NotEmpty(CniError.Parse("""{"code":1}""").Problems);
        Assert.NotEmpty(CniError.Parse("panic: runtime error").Problems);
    }

    private static JsonNode Result(string version, string ip) =>
        JsonNode.Parse("""{"cniVersion":"@VERSION@","interfaces":[{"name":"net1","mac":"0a:00:00:00:00:01","sandbox":"/var/run/netns/x"}],"ips":[@IP@],"dns":{}}""".Replace("@VERSION@", version, StringComparison.Ordinal).Replace("@IP@", ip, StringComparison.Ordinal))!;
}
