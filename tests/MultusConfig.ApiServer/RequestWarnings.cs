namespace MultusConfig.ApiServer;

/// <summary>Warnings for the current request (from webhooks, from fieldValidation=Warn), sent back as <c>Warning: 299</c> headers.</summary>
internal static class RequestWarnings
{
    private static readonly AsyncLocal<List<string>?> Warnings = new();

    public static List<string> Current => Warnings.Value ??= [];

    public static void Reset() => Warnings.Value = [];
}
