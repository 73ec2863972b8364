namespace MultusConfig.Operator.Controller;

/// <summary>Reasons of the Ready condition on an SMC.</summary>
public static class ReadyReasons
{
    public const string Synced = "Synced";
    public const string Invalid = "Invalid";
    public const string RenderFailed = "RenderFailed";
    /// <summary>The rendered NAD names a CNI plugin type outside --allowed-cni-types.</summary>
    public const string TypeNotAllowed = "TypeNotAllowed";
    public const string NameConflict = "NameConflict";
    public const string NadTerminating = "NADTerminating";
    public const string ApiError = "ApiError";
}
