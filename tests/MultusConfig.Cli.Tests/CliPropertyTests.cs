using CsCheck;

namespace MultusConfig.Cli.Tests;

public class CliPropertyTests
{
    [Fact]
    public void Random_bytes_on_stdin_end_in_a_documented_exit_code_without_a_stack_trace() =>
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var run = CliRun.WithStdinBytes(bytes, "render", "-f", "-");
            Assert.True(run.ExitCode is 0 or 1 or 2, run.ToString());
            run.AssertNoStackTrace();
        }, iter: 300);

    [Fact]
    public void Random_smc_shaped_yaml_ends_in_a_documented_exit_code_without_a_stack_trace()
    {
        var values = Gen.OneOfConst("macvlan", "ipvlan", "sriov", "custom", "ovs", "~", "[]", "{}", "-1", "5000", "yes", "\"\"", "[eth0]", "{master: [eth0]}", "0x10", "*a", "&a x");
        var keys = Gen.OneOfConst("cniType", "macvlan", "ipvlan", "vlanID", "mtu", "master", "coordinator", "enableCoordinator", "disableIPAM", "chainCNIJsonData", "sriov", "customCNI");
        var spec = Gen.Select(keys, values).Array[0, 8].Select(pairs => string.Join(", ", pairs.DistinctBy(p => p.Item1).Select(p => $"{p.Item1}: {p.Item2}")));
        spec.Sample(body =>
        {
            var yaml = $"apiVersion: spiderpool.spidernet.io/v2beta1\nkind: SpiderMultusConfig\nmetadata: {{name: fuzz}}\nspec: {{{body}}}\n";
            var run = CliRun.WithStdin(yaml, "render", "-f", "-");
            Assert.True(run.ExitCode is 0 or 1 or 2, run.ToString());
            run.AssertNoStackTrace();
        }, iter: 300);
    }
}
