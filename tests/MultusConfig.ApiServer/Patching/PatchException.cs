namespace MultusConfig.ApiServer.Patching;

/// <summary>A patch that cannot be applied to the current object.</summary>
public sealed class PatchException : Exception
{
    public PatchException() { }

    public PatchException(string message) : base(message) { }

    public PatchException(string message, Exception innerException) : base(message, innerException) { }
}
