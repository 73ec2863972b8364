using System.CommandLine;
using System.CommandLine.Help;
using System.Text;
using MultusConfig.Cli.Commands;
using MultusConfig.Cli.Processing;

namespace MultusConfig.Cli;

/// <summary>
/// The <c>smc</c> command line, callable in-process: arguments and streams in, exit code out. Nothing
/// escapes as an exception; whatever goes wrong ends as one line on stderr and exit code 2.
/// </summary>
public static class SmcCli
{
    /// <summary>Runs with standard input given as text (tests); it is re-encoded as UTF-8.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        return Run(args, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin.ReadToEnd())), stdout, stderr);
    }

    /// <summary>Runs with standard input opened on demand as bytes, so invalid UTF-8 is detected, not replaced.</summary>
    public static int Run(string[] args, Func<Stream> openStdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var root = Build(new CliContext(openStdin, stdout, stderr));
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
            {
                foreach (var error in parsed.Errors)
                {
                    // System.CommandLine lists allowed values with tabs and line breaks; keep one error one line.
                    stderr.WriteLine($"error: {string.Join(' ', error.Message.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))}");
                }
                stderr.WriteLine($"Run '{HelpHint(parsed)} --help' for usage.");
                return ExitCodes.InputError;
            }
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // Covers bugs as well as I/O failures such as a closed pipe: one line, never a stack trace.
            try
            {
                stderr.WriteLine($"smc: error: {ManifestBatch.OneLine(e.Message)}");
            }
            catch (IOException)
            {
                // stderr itself is gone; the exit code is all that is left to report with.
            }
            return ExitCodes.InputError;
        }
    }

    private static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("""
            smc: offline tools for SpiderMultusConfig (spiderpool.spidernet.io/v2beta1) manifests.
            Renders each one to the Multus NetworkAttachmentDefinition the operator would create, or validates it as the admission webhook would.

            Examples:
              smc render -f examples/
              smc validate -f network.yaml
            """);
        root.Subcommands.Add(RenderCommand.Create(context));
        root.Subcommands.Add(ValidateCommand.Create(context));
        return root;
    }

    private static string HelpHint(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        return command is RootCommand ? "smc" : $"smc {command.Name}";
    }
}
