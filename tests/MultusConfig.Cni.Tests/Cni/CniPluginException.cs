using System.Text;

namespace MultusConfig.Cni.Tests.Cni;

/// <summary>
/// A plugin invocation failed. The message carries everything needed to debug from the test output alone:
/// command, plugin, the exact config it was given, its stdout (the error object) and its stderr.
/// </summary>
public sealed class CniPluginException : Exception
{
    public CniPluginException(string command, string pluginType, int index, string config, int exitCode, string stdout, string stderr, CniError? error, string? problem = null)
        : base(Describe(command, pluginType, index, config, exitCode, stdout, stderr, problem))
    {
        Command = command;
        PluginType = pluginType;
        PluginIndex = index;
        Config = config;
        ExitCode = exitCode;
        Stdout = stdout;
        Stderr = stderr;
        Error = error;
    }

    public string Command { get; }
    public string PluginType { get; }
    /// <summary>Position of the failing plugin in the conflist.</summary>
    public int PluginIndex { get; }
    public string Config { get; }
    public int ExitCode { get; }
    public string Stdout { get; }
    public string Stderr { get; }
    /// <summary>The parsed error object, when the plugin printed a valid one.</summary>
    public CniError? Error { get; }

    private static string Describe(string command, string type, int index, string config, int exitCode, string stdout, string stderr, string? problem)
    {
        var sb = new StringBuilder();
        sb.Append(Headline(command, type, index, exitCode));
        if (problem is not null)
        {
            sb.Append("\n  problem: ").Append(problem);
        }
        sb.Append("\n  config: ").Append(config);
        sb.Append("\n  stdout: ").Append(stdout.Trim());
        sb.Append("\n  stderr: ").Append(stderr.Trim());
        return sb.ToString();
    }

    private static string Headline(string command, string type, int index, int exitCode) =>
        $"CNI {command} failed in plugin #{index} '{type}' (exit {exitCode})";
}
