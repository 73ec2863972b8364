namespace MultusConfig.Cni.Tests.StandIns;

/// <summary>A failure a stand-in reports as the CNI error object (codes from the CNI spec).</summary>
public sealed class StandInException(int code, string msg, string? details = null) : Exception(msg)
{
    public const int IncompatibleVersion = 1;
    public const int MissingEnvironment = 4;
    public const int DecodingFailure = 6;
    public const int InvalidConfig = 7;
    public const int TryAgainLater = 11;

    public int Code { get; } = code;
    public string? Details { get; } = details;
}
