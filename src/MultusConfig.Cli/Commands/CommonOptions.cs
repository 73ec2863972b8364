using System.CommandLine;
using MultusConfig.Core.Pipeline;

namespace MultusConfig.Cli.Commands;

/// <summary>The options <c>render</c> and <c>validate</c> share, named as kubectl names them.</summary>
internal sealed class CommonOptions
{
    public Option<string[]> Files { get; } = new("--filename", "-f")
    {
        Description = "A manifest file, a folder (its *.yaml, *.yml and *.json files, by name), or - for standard input. Repeatable.",
        HelpName = "PATH",
        Required = true,
        // One value per -f, as kubectl takes it: "-f a.yaml -o json" must not read "-o" as a second file.
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "Namespace for manifests that do not set one.",
        HelpName = "NAMESPACE",
        DefaultValueFactory = _ => "default",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Do not print notes about skipped objects.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Files);
        command.Options.Add(Namespace);
        command.Options.Add(Quiet);
    }

    public Processing.BatchOptions Read(ParseResult result, RenderProfile profile) => new(
        result.GetValue(Files) ?? [],
        result.GetValue(Namespace) is { Length: > 0 } ns ? ns : "default",
        profile,
        result.GetValue(Quiet));
}
