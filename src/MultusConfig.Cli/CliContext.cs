namespace MultusConfig.Cli;

/// <summary>The process's streams, passed in so tests run the CLI in-process.</summary>
public sealed record CliContext(Func<Stream> OpenStdin, TextWriter Stdout, TextWriter Stderr);
