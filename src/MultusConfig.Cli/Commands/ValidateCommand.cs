using System.CommandLine;
using MultusConfig.Cli.Processing;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cli.Commands;

/// <summary><c>smc validate</c>: the admission checks, offline, with one line per error and a summary.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var command = new Command("validate", """
            Default and validate SpiderMultusConfigs as the admission webhook would, without a cluster.
            Prints each error as "namespace/name: field.path: message" on standard error, then a summary line on standard output.
            A value the NAD will carry in another form (a bare hijackCIDR address gets /32 or /128) is a note on standard error, not an error.
            Exit code: 0 all valid, 1 some SpiderMultusConfig invalid, 2 unreadable or malformed input.

            Examples:
              smc validate -f examples/
              smc validate -f network.yaml -f more/ -n kube-system
              helm template charts/networks | smc validate -f -
            """);
        common.AddTo(command);
        command.SetAction(result =>
        {
            var outcome = ManifestBatch.Run(common.Read(result, RenderProfile.Documented), context);
            context.Stderr.Flush();
            context.Stdout.WriteLine(Summary(outcome));
            context.Stdout.Flush();
            return outcome.ExitCode;
        });
        return command;
    }

    /// <summary><c>3 SpiderMultusConfigs checked: 2 valid, 1 invalid (4 errors)</c>.</summary>
    internal static string Summary(BatchOutcome outcome)
    {
        var total = outcome.Entries.Count;
        var invalid = outcome.InvalidCount;
        var errors = outcome.ErrorCount;
        var noun = total == 1 ? "SpiderMultusConfig" : "SpiderMultusConfigs";
        var errorNoun = errors == 1 ? "error" : "errors";
        var summary = $"{total} {noun} checked: {total - invalid} valid, {invalid} invalid ({errors} {errorNoun})";
        return outcome.InputFailed ? summary + "; some input could not be read (see above)" : summary;
    }
}
