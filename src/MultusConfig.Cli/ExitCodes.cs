namespace MultusConfig.Cli;

/// <summary>What <c>smc</c> returns, so scripts and CI can tell bad manifests from bad input.</summary>
public static class ExitCodes
{
    /// <summary>Every SpiderMultusConfig read is valid (and was rendered).</summary>
    public const int Success = 0;

    /// <summary>At least one SpiderMultusConfig is invalid; each error was printed.</summary>
    public const int Invalid = 1;

    /// <summary>A path is missing or unreadable, a manifest is not well-formed YAML or JSON, or the command line is wrong.</summary>
    public const int InputError = 2;
}
