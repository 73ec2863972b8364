using System.CommandLine;
using MultusConfig.Cli.Output;
using MultusConfig.Cli.Processing;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cli.Commands;

/// <summary><c>smc render</c>: prints the NetworkAttachmentDefinition the operator would create for each SMC.</summary>
internal static class RenderCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output format: yaml (a multi-document stream) or json (one v1 List).",
            HelpName = "FORMAT",
            DefaultValueFactory = _ => "yaml",
        };
        output.AcceptOnlyFromAmong("yaml", "json");
        var profile = new Option<string>("--profile")
        {
            Description = "documented: the configs the product documentation shows; spiderpool: byte-identical to Spiderpool's controller.",
            HelpName = "PROFILE",
            DefaultValueFactory = _ => "documented",
        };
        profile.AcceptOnlyFromAmong("documented", "spiderpool");

        var command = new Command("render", """
            Default, validate and render SpiderMultusConfigs to the NetworkAttachmentDefinitions the operator would create.
            NADs go to standard output, errors and notes to standard error; objects of other kinds are skipped.
            Exit code: 0 all valid, 1 some SpiderMultusConfig invalid (the valid ones are still printed), 2 unreadable or malformed input.

            Examples:
              smc render -f examples/
              smc render -f smc.yaml -n kube-system -o json
              kubectl kustomize overlays/prod | smc render -f - --profile spiderpool
            """);
        common.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(profile);
        command.SetAction(result =>
        {
            var selected = result.GetValue(profile) == "spiderpool" ? RenderProfile.Spiderpool : RenderProfile.Documented;
            var outcome = ManifestBatch.Run(common.Read(result, selected), context);
            var nads = outcome.Entries.Where(e => e.Result is { IsValid: true, Nad: not null }).Select(e => NadDocument.ToJson(e.Result.Nad!)).ToList();
            var text = result.GetValue(output) == "json"
                ? JsonListWriter.Write(nads)
                : string.Join("---\n", nads.Select(YamlWriter.Write));
            context.Stdout.Write(text);
            context.Stdout.Flush();
            return outcome.ExitCode;
        });
        return command;
    }
}
