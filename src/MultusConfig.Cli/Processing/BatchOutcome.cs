namespace MultusConfig.Cli.Processing;

/// <summary>Every SMC found, in input order, and whether any input could not be read or parsed.</summary>
public sealed record BatchOutcome(IReadOnlyList<SmcEntry> Entries, bool InputFailed)
{
    public int InvalidCount => Entries.Count(e => !e.Result.IsValid);

    public int ErrorCount => Entries.Sum(e => e.Result.Errors.Count);

    /// <summary>2 for unreadable input, else 1 when an SMC is invalid, else 0.</summary>
    public int ExitCode => InputFailed ? ExitCodes.InputError : InvalidCount > 0 ? ExitCodes.Invalid : ExitCodes.Success;
}
