namespace MultusConfig.Operator.Controller;

/// <summary>The API server refused a status write of an SMC: reported as such, never as a failed NAD write.</summary>
public sealed class StatusWriteException(int statusCode, string reason, Exception inner) : Exception(reason, inner)
{
    public int StatusCode { get; } = statusCode;
}
