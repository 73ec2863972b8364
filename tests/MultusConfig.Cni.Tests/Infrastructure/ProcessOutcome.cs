namespace MultusConfig.Cni.Tests.Infrastructure;

/// <summary>What a finished child process left behind.</summary>
public sealed record ProcessOutcome(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() =>
        $"`{CommandLine}` exited {ExitCode}\nstdout: {Stdout.TrimEnd()}\nstderr: {Stderr.TrimEnd()}";
}
