using static MultusConfig.Cli.Tests.Manifests;

namespace MultusConfig.Cli.Tests;

public class ValidateCommandTests
{
    [Fact]
    public void All_valid_exits_0_with_a_summary_and_no_errors()
    {
        var run = CliRun.WithStdin(DocumentedMacvlan + "---\n" + DocumentedIpvlan, "validate", "-f", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("2 SpiderMultusConfigs checked: 2 valid, 0 invalid (0 errors)\n", run.Stdout);
        Assert.Empty(run.Stderr);
    }

    [Fact]
    public void Each_error_is_one_line_of_namespace_name_path_and_message_then_the_summary_counts_them()
    {
        var run = CliRun.WithStdin(Macvlan("ok") + "---\n" + InvalidMacvlan + "---\n" + Macvlan("ok2"), "validate", "-f", "-");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(
            [
                "net/broken: spec.macvlan.vlanID: Invalid value: 5000: should be less than or equal to 4094",
                "net/broken: spec.macvlan.mtu: Invalid value: -1: should be greater than or equal to 0",
            ],
            run.StderrLines);
        Assert.Equal("3 SpiderMultusConfigs checked: 2 valid, 1 invalid (2 errors)\n", run.Stdout);
    }

    [Fact]
    public void Validate_prints_no_nads()
    {
        var run = CliRun.WithStdin(DocumentedMacvlan, "validate", "-f", "-");
        Assert.DoesNotContain("NetworkAttachmentDefinition", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_input_wins_over_invalid_smcs_for_the_exit_code()
    {
        var run = CliRun.WithStdin(InvalidMacvlan, "validate", "-f", "-", "-f", "/nonexistent.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("1 invalid", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("some input could not be read", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_namespace_option_names_manifests_without_one_in_error_lines()
    {
        var smc = InvalidMacvlan.Replace("  namespace: net\n", "", StringComparison.Ordinal);
        var run = CliRun.WithStdin(smc, "validate", "-f", "-", "-n", "team-b");
        Assert.StartsWith("team-b/broken: ", run.StderrLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_hijackCIDR_address_is_a_note_on_stderr_and_the_smc_stays_valid()
    {
        var smc = Macvlan("hijack") + "  coordinator:\n    hijackCIDR: [10.96.0.0/12, 169.254.25.10]\n";
        var run = CliRun.WithStdin(smc, "validate", "-f", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["note: default/hijack: spec.coordinator.hijackCIDR[1]: 169.254.25.10 is written as 169.254.25.10/32"], run.StderrLines);
        Assert.Equal("1 SpiderMultusConfig checked: 1 valid, 0 invalid (0 errors)\n", run.Stdout);
    }

    [Fact]
    public void Render_writes_the_noted_prefix_in_the_spiderpool_profile_too()
    {
        var smc = Macvlan("hijack") + "  coordinator:\n    hijackCIDR: [169.254.25.10]\n";
        var run = CliRun.WithStdin(smc, "render", "-f", "-", "--profile", "spiderpool");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\"hijackCIDR\":[\"169.254.25.10/32\"]", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(["note: default/hijack: spec.coordinator.hijackCIDR[0]: 169.254.25.10 is written as 169.254.25.10/32"], run.StderrLines);
    }

    [Fact]
    public void Singular_counts_read_as_english()
    {
        var run = CliRun.WithStdin(InvalidMacvlan.Replace("    mtu: -1\n", "", StringComparison.Ordinal), "validate", "-f", "-");
        Assert.Equal("1 SpiderMultusConfig checked: 0 valid, 1 invalid (1 error)\n", run.Stdout);
    }

    [Fact]
    public void Spec_ipam_and_mode_errors_are_each_one_line_with_their_path()
    {
        var smc = Macvlan("ipam") + "    mode: hairpin\n  ipam:\n    type: whereabouts\n    range: 10.250.0.1/24\n    rangeStart: 10.250.0.300\n    dataDir: /x\n";
        var run = CliRun.WithStdin(smc, "validate", "-f", "-");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(
            [
                "default/ipam: spec.macvlan.mode: Unsupported value: \"hairpin\": supported values: \"bridge\", \"private\", \"vepa\", \"passthru\"",
                "default/ipam: spec.ipam.dataDir: Forbidden: is not a key of ipam type whereabouts (only of host-local)",
                "default/ipam: spec.ipam.range: Invalid value: \"10.250.0.1/24\": has host bits set: write 10.250.0.0/24",
            ],
            run.StderrLines);
        run = CliRun.WithStdin(Macvlan("ok") + "  enableCoordinator: false\n  ipam:\n    type: static\n", "validate", "-f", "-");
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
