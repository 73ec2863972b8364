namespace MultusConfig.Operator.Admission;

/// <summary>The operation values of an AdmissionRequest.</summary>
public static class AdmissionOperations
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";
    public const string Connect = "CONNECT";

    public static bool IsKnown(string? operation) => operation is Create or Update or Delete or Connect;
}
