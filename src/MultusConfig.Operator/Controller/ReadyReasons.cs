namespace MultusConfig.Operator.Controller;

/// <summary>Reasons of the Ready condition on an SMC.</summary>
public static class ReadyReasons
{
    public const string Synced = "Synced";
    public const string Invalid = "Invalid";
    public const string RenderFailed = "RenderFailed";
    public const string NameConflict = "NameConflict";
    public const string NadTerminating = "NADTerminating";
    public const string ApiError = "ApiError";
}
