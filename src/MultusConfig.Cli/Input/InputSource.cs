namespace MultusConfig.Cli.Input;

/// <summary>One thing to read: a file, or standard input (given as "-", named "&lt;stdin&gt;" in messages).</summary>
public sealed record InputSource(string DisplayName, string? FilePath)
{
    public static InputSource Stdin { get; } = new("<stdin>", null);
}
